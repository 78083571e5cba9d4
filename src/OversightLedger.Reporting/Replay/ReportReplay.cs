using OversightLedger.Domain.Replay;
using OversightLedger.Reporting.Building;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Reporting.Replay;

/// <summary>
/// The auditor's recomputation behind <c>oversight replay</c>: one pass over leaves 0 to the checkpoint's size − 1 that
/// parses each entry once and feeds it both to a <see cref="QuarterlyReportBuilder"/> (the figures) and to a
/// <see cref="LedgerReplay"/> of the whole history (the ring-fence and tranche rules, with the same code the grains
/// decide with), checking as it goes that the leaves hash to the checkpoint's root.
/// </summary>
/// <remarks>
/// Memory: the rules run in a bounded <see cref="LedgerReplay"/> (<see cref="LedgerReplay.OverLog"/>), which keeps no
/// entry: the few a rule names again (the disbursement of a reversal or a delivery) are taken from the batch in hand or
/// read back from the log (<see cref="LoggedLeafReader"/>, checked against a digest of each bundle taken on the first
/// read). The builder finds those disbursements the same way, through the replay's id index
/// (<see cref="EarlierEntriesOfReplay"/>), so it keeps nothing per disbursement either.
/// </remarks>
public static class ReportReplay
{
    /// <summary>Recomputes <paramref name="quarter"/>'s report at <paramref name="checkpoint"/> and replays the rules over the same leaves.</summary>
    /// <param name="reader">The log.</param>
    /// <param name="quarter">The quarter the report covers.</param>
    /// <param name="checkpoint">The checkpoint the report cites: the leaves read are exactly its tree.</param>
    /// <param name="progress">Told the number of leaves read so far, every bundle.</param>
    /// <param name="cancellationToken">Stops the pass.</param>
    /// <exception cref="LogVerificationException">A bundle is missing or malformed, or the leaves do not hash to the checkpoint's root.</exception>
    public static async Task<ReportReplayResult> ReplayAsync(
        ILogReader reader, ReportQuarter quarter, ReportCheckpoint checkpoint, IProgress<ulong>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var leaves = new LoggedLeafReader(reader, checkpoint.Size, cancellationToken);
        var replay = LedgerReplay.OverLog(leaves.EntryAt);
        var builder = new QuarterlyReportBuilder(quarter, checkpoint, new EarlierEntriesOfReplay(replay, leaves));
        await foreach (ParsedLeaf[] batch in LogReportSource.ReadParsedAsync(reader, checkpoint.Size, checkpoint.Root, cancellationToken).ConfigureAwait(false))
        {
            leaves.Remember(batch);
            foreach (ParsedLeaf leaf in batch)
            {
                if (leaf.Entry is not null)
                {
                    builder.Add(leaf.Index, leaf.Bytes.Span, leaf.Entry);
                    replay.Apply(leaf.Index, leaf.Entry);
                }
                else
                {
                    builder.AddMalformed(leaf.Index, leaf.Error!);
                    replay.Apply(leaf.Index, leaf.Bytes.Span);
                }
            }

            progress?.Report(builder.LeavesAdded);
        }

        return new ReportReplayResult(builder.Build(), [.. replay.Violations]);
    }
}
