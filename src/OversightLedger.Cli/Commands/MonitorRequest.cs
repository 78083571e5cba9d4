namespace OversightLedger.Cli.Commands;

/// <summary>What <c>oversight monitor</c> was asked to follow: the log, its verifier key, the state file and the watchdog name of the findings.</summary>
internal sealed record MonitorRequest(string Log, string VerifierKey, string StatePath, string Watchdog);
