using OversightLedger.Anchoring.Proofs;
using OversightLedger.Cli.Checks;
using OversightLedger.Cli.Execution;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Cli.Replay;

/// <summary>
/// <c>oversight replay --anchor</c>: once the anchor proof verified (<see cref="AnchorProofCheck"/>) and the report
/// replayed, the anchored checkpoint must be of the replayed log: the same origin, and a consistency proof built from
/// the log's tiles between it and the log's current checkpoint, which the replay found to extend the report's (the
/// anchored size may be below or above the report's, not above the log's). So the log's first N entries, N the anchored
/// size, are those the block commits to. When the report names an anchor of the
/// same size, it must be this transaction in this block.
/// </summary>
internal static class ReplayedLogAnchor
{
    /// <exception cref="CommandFailedException">The anchored checkpoint is not of this log, or not the anchor the report names (exit 1).</exception>
    public static async Task CheckAsync(ILogReader log, ReplayVerdict verdict, VerifiedAnchor anchor, CancellationToken cancellationToken)
    {
        Checkpoint anchored = anchor.Checkpoint;
        Checkpoint current = verdict.Current;
        string what = $"anchor: the anchored checkpoint (log {anchored.Origin}, size {anchored.Size}, root {anchored.Root})";
        if (anchored.Size > current.Size)
        {
            // Anchors are of checkpoints the log had: a larger one than the log's current is of another log, or this copy is behind.
            throw CommandFailedException.VerificationFailed($"{what} is larger than the replayed log's checkpoint (size {current.Size}): it is not of this log, or this copy of the log is behind");
        }

        try
        {
            await LogConsistency.VerifyAsync(log, anchored, current, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandFailedException e) when (e.ExitCode == ExitCode.VerificationFailed)
        {
            throw CommandFailedException.VerificationFailed($"{what} is not of the replayed log: {e.Message}", e);
        }

        if (verdict.Reported.Anchor is { } named && named.CheckpointSize == anchored.Size
            && (!string.Equals(named.TransactionId, anchor.TransactionId.ToString(), StringComparison.Ordinal)
                || !string.Equals(named.BlockHash, anchor.BlockHash.ToString(), StringComparison.Ordinal)))
        {
            throw CommandFailedException.VerificationFailed(
                $"anchor: the report names transaction {named.TransactionId} in block {named.BlockHash} for the anchor of size {named.CheckpointSize}, "
                + $"but the proof holds transaction {anchor.TransactionId} in block {anchor.BlockHash}");
        }
    }

    /// <summary>Whether the verified anchor is the one the report names.</summary>
    public static bool IsNamedByReport(QuarterlyReport report, VerifiedAnchor anchor) =>
        report.Anchor is { } named && named.CheckpointSize == anchor.Checkpoint.Size
        && string.Equals(named.TransactionId, anchor.TransactionId.ToString(), StringComparison.Ordinal);
}
