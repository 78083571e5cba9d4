using OversightLedger.Domain.Replay;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Cli.Replay;

/// <summary>What <c>oversight replay</c> concluded once the log verified.</summary>
/// <param name="Reported">The report as read from its file.</param>
/// <param name="SignatureCheckedWith">The key the cited checkpoint's signature was checked with, or null without <c>--vkey</c>.</param>
/// <param name="FiguresCompared">How many figures the recomputed report has.</param>
/// <param name="Mismatches">Every figure on which the report and the log disagree.</param>
/// <param name="Violations">Every rule the log's history breaks, up to the checkpoint.</param>
/// <param name="Current">The log's current checkpoint, which extends the report's (checked).</param>
internal sealed record ReplayVerdict(
    QuarterlyReport Reported,
    string? SignatureCheckedWith,
    int FiguresCompared,
    IReadOnlyList<FigureMismatch> Mismatches,
    IReadOnlyList<RuleViolation> Violations,
    Checkpoint Current)
{
    /// <summary>Whether every figure agrees and no rule is broken.</summary>
    public bool Agrees => Mismatches.Count == 0 && Violations.Count == 0;
}
