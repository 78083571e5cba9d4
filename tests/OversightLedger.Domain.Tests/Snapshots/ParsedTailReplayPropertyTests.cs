using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Snapshots;

/// <summary>
/// Issue 17: a grain's activation parses the entries after its snapshot ahead, in runs on several threads, then replays
/// the parsed entries (<see cref="ParsedLogEntry"/>, <see cref="LedgerReplay.ApplyAll(IEnumerable{ParsedLogEntry})"/>).
/// Over random histories, with a malformed leaf put anywhere in the tail: restoring the snapshot and replaying the parsed
/// tail gives the state, and the violations, that a full replay of the bytes gives.
/// </summary>
public class ParsedTailReplayPropertyTests
{
    [Property(MaxTest = 200)]
    public void RestoringThenReplayingTheTailParsedAheadEqualsAFullReplayOfTheBytes(
        (byte Operation, byte Pick, ushort Amount)[] operations, byte split, byte overlap, byte malformedAt, bool withMalformed)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = StateSnapshotPropertyTests.RandomHistory(operations ?? []);
        int taken = split % (log.Count + 1);
        int resumeFrom = taken - (overlap % (taken + 1));
        if (withMalformed)
        {
            // A leaf that is not an entry, in the tail: reported and skipped the same way on both paths.
            int at = taken + (malformedAt % (log.Count - taken + 1));
            log.Insert(at, (0, Encoding.UTF8.GetBytes("{\"kind\":\"Disbursed\"")));
            for (int i = 0; i < log.Count; i++)
            {
                log[i] = ((ulong)i, log[i].Entry);
            }
        }

        LedgerReplay fullBudget = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(log);
        LedgerReplay fullProgram = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log);

        LedgerReplay prefixBudget = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(log.Take(taken));
        LedgerReplay prefixProgram = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log.Take(taken));
        ReliefBudget restoredBudget = prefixBudget.Budgets.TryGetValue(LedgerScenario.BudgetId, out ReliefBudget? b)
            ? ReliefBudget.FromSnapshot(LedgerScenario.BudgetId, b.ToSnapshot())
            : new ReliefBudget(LedgerScenario.BudgetId);
        BeneficiaryProgram restoredProgram = prefixProgram.Programs.TryGetValue(LedgerScenario.ProgramId, out BeneficiaryProgram? p)
            ? BeneficiaryProgram.FromSnapshot(LedgerScenario.ProgramId, p.ToSnapshot())
            : new BeneficiaryProgram(LedgerScenario.ProgramId);

        // Parsed out of order, in runs on the thread pool, as an activation does; replayed in order.
        List<(ulong LeafIndex, byte[] Entry)> tail = [.. log.Skip(resumeFrom)];
        var parsed = new ParsedLogEntry[tail.Count];
        Parallel.For(0, tail.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parsed[tail.Count - 1 - i] = ParsedLogEntry.Parse(tail[tail.Count - 1 - i].LeafIndex, tail[tail.Count - 1 - i].Entry));
        LedgerReplay resumedBudget = LedgerReplay.ForBudget(restoredBudget).ApplyAll(parsed);
        LedgerReplay resumedProgram = LedgerReplay.ForProgram(restoredProgram).ApplyAll(parsed);

        Assert.Equal(
            fullBudget.Budgets[LedgerScenario.BudgetId].ToSnapshot(),
            (resumedBudget.Budgets.GetValueOrDefault(LedgerScenario.BudgetId) ?? restoredBudget).ToSnapshot());
        Assert.Equal(
            fullProgram.Programs[LedgerScenario.ProgramId].ToSnapshot(),
            (resumedProgram.Programs.GetValueOrDefault(LedgerScenario.ProgramId) ?? restoredProgram).ToSnapshot());

        // The violations of the entries the snapshot does not hold are those the full replay found there (a malformed leaf
        // among them); entries it holds already are reported as known to it, which a full replay does not do.
        ulong fresh = taken < log.Count ? log[taken].LeafIndex : ulong.MaxValue;
        Assert.Equal(
            fullBudget.Violations.Where(v => v.LeafIndex >= fresh).Select(v => (v.LeafIndex, v.Code)),
            resumedBudget.Violations.Where(v => v.LeafIndex >= fresh).Select(v => (v.LeafIndex, v.Code)));
        Assert.Equal(
            fullProgram.Violations.Where(v => v.LeafIndex >= fresh).Select(v => (v.LeafIndex, v.Code)),
            resumedProgram.Violations.Where(v => v.LeafIndex >= fresh).Select(v => (v.LeafIndex, v.Code)));
        Assert.Equal(withMalformed, resumedProgram.Violations.Any(v => v.Code == RejectionCode.MalformedEntry));
    }
}
