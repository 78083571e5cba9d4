using OversightLedger.Cli.Checks;

namespace OversightLedger.Cli.Commands;

/// <summary>What <c>oversight receipt</c> was asked for: the server, the disbursement, where to save, and the witnesses to wait for.</summary>
internal sealed record ReceiptRequest(string Server, string Program, string Id, string? Out, WitnessRequirement Witnesses, int TimeoutSeconds);
