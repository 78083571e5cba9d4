using OversightLedger.Cli.Output;

namespace OversightLedger.Cli.Agency;

/// <summary>
/// The ledger said no: a rule refused a disbursement, or some rows of a payment list. Exit 1, with
/// <c>refused: …</c> on stderr and, with <c>--json</c>, <see cref="Report"/> on stdout (when the command has not
/// already written its result there).
/// </summary>
internal sealed class LedgerRefusedException : Exception
{
    public LedgerRefusedException(string message, JsonReport? report)
        : base(message)
    {
        Report = report;
    }

    /// <summary>The refusal as JSON for <c>--json</c>, or null when the command already wrote its JSON result.</summary>
    public JsonReport? Report { get; }
}
