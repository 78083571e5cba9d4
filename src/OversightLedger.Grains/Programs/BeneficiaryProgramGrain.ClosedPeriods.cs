using Microsoft.Extensions.Logging;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Programs;

/// <summary>
/// Closed periods out of memory (issue 17, item 2): with a snapshot store, the program writes the per-beneficiary totals
/// of each closed period once to the store, beside its snapshot (<see cref="ClosedPeriodTotals.StoreName"/>), and keeps
/// only its name and digest; the snapshot names it too. Whatever names a closed period (a payment for an old period, a
/// reversal of an old payment) reads it back first, checked against its digest; a copy that is missing or does not match is
/// rebuilt from the program's entries in the log. Without a store (snapshots off) every period stays in memory.
/// </summary>
public sealed partial class BeneficiaryProgramGrain
{
    /// <summary>How many rounds of recall and reopen <see cref="PrepareAsync"/> makes before it lets the domain decide.</summary>
    private const int PrepareRounds = 4;

    private IGrainSnapshotStore? _closedPeriodStore;
    private ILogger? _logger;
    private Task? _closing;

    /// <summary>Starts writing the periods that may be closed to the store, in the background, one run at a time.</summary>
    private void CloseOldPeriodsInBackground()
    {
        if (_closedPeriodStore is not null && _closing is null && _program.PeriodsToClose().Count > 0)
        {
            _closing = CloseOldPeriodsAsync(_program, _closedPeriodStore);
        }
    }

    private async Task CloseOldPeriodsAsync(BeneficiaryProgram program, IGrainSnapshotStore store)
    {
        try
        {
            await Task.Yield(); // out of the caller's turn: never on a request's path
            foreach (string period in program.PeriodsToClose())
            {
                if (program != _program || !program.PeriodsToClose().Contains(period))
                {
                    continue;
                }

                ClosingPeriod closing = program.EncodeClosingPeriod(period);
                await store.WriteAsync(closing.Totals.StoreName(program.ProgramId), closing.Content);
                if (program.ClosePeriod(closing) && _logger is { } logger)
                {
                    LogPeriodClosed(logger, program.ProgramId, period, closing.Totals.Count, closing.Content.Length);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (_logger is { } logger)
            {
                LogPeriodCloseFailed(logger, e, program.ProgramId);
            }
        }
        finally
        {
            _closing = null;
        }
    }

    /// <summary>
    /// Recalls the disbursements among <paramref name="disbursementIds"/> the program does not hold and reopens the closed
    /// periods they and <paramref name="periods"/> name, again while an await let go of one: the caller then decides or
    /// applies with no await in between. Should that not settle (unlikely), the domain refuses to read a period it does
    /// not hold rather than answer zero.
    /// </summary>
    private async Task PrepareAsync(BeneficiaryProgram program, IReadOnlyCollection<string> disbursementIds, IReadOnlyCollection<string?> periods)
    {
        await RecallAsync(program, disbursementIds);
        for (int round = 0; round < PrepareRounds; round++)
        {
            List<string> held = [.. disbursementIds.Where(id => program.PeriodOfDisbursement(id) is not null)];
            List<string> closed = [.. periods.Concat(held.Select(program.PeriodOfDisbursement)).Where(program.MustReopenPeriod).OfType<string>().Distinct(StringComparer.Ordinal)];
            if (closed.Count == 0)
            {
                return;
            }

            await ReopenAsync(program, closed);
            if (held.Any(id => program.PeriodOfDisbursement(id) is null))
            {
                await RecallAsync(program, held); // let go of during the reads: read back again
            }
        }
    }

    /// <summary>
    /// Takes back into memory each of <paramref name="periods"/> held outside: its stored copy, checked against the digest
    /// the program holds; a copy missing, unreadable or not matching is logged and the period's totals are added up again
    /// from the program's entries in the log (the log stays the truth).
    /// </summary>
    private async Task ReopenAsync(BeneficiaryProgram program, IEnumerable<string> periods)
    {
        foreach (string period in periods.Distinct(StringComparer.Ordinal).ToList())
        {
            if (program.ClosedPeriod(period) is not { } named)
            {
                continue;
            }

            string problem;
            try
            {
                byte[]? content = _closedPeriodStore is { } store ? await store.ReadAsync(named.StoreName(program.ProgramId)) : null;
                if (program.ClosedPeriod(period) != named)
                {
                    continue; // reopened, or closed again under another name, during the read: the caller asks again
                }

                if (content is not null)
                {
                    program.ReopenPeriod(period, content);
                    continue;
                }

                problem = "its stored copy is missing";
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                problem = e.Message;
            }

            if (_logger is { } logger)
            {
                LogPeriodRebuilt(logger, program.ProgramId, period, problem);
            }

            List<(ulong LeafIndex, byte[] Entry)> logged = await log.ReadSubjectAsync(LogSubjects.Program(program.ProgramId));
            if (program.MustReopenPeriod(period))
            {
                // No await from here: which entries the program has applied cannot change while they are added up.
                program.RebuildClosedPeriod(period, logged
                    .Select(l => (Parsed: LedgerEntryParser.TryParse(l.Entry, out LedgerEntry? entry, out _) ? entry : null, l.LeafIndex))
                    .Where(l => l.Parsed is not null)
                    .Select(l => (l.Parsed!, l.LeafIndex)));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the period {Period} of program {Program}: {Count} totals ({Bytes} bytes) written beside its snapshot")]
    private static partial void LogPeriodClosed(ILogger logger, string program, string period, int count, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the closed periods of program {Program} failed; they stay in memory and are tried again later")]
    private static partial void LogPeriodCloseFailed(ILogger logger, Exception exception, string program);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discarded the stored totals of the closed period {Period} of program {Program}, adding them up again from the log: {Reason}")]
    private static partial void LogPeriodRebuilt(ILogger logger, string program, string period, string reason);
}
