using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Replay;

/// <summary>
/// <see cref="LedgerReplay.TryGetLeafOfId"/>, which the report builder of <c>oversight replay</c> finds a reversal's
/// disbursement with: the first indexed entry with the id, the same in a bounded replay and an in-memory one.
/// </summary>
public class LedgerReplayEntryIdsTests
{
    [Fact]
    public void TheLeafOfAnIdIsItsFirstEntryOfABudgetOrProgramInBothReplays()
    {
        LedgerEntry[] entries =
        [
            new Disbursed("d-1", Samples.Noon, "program-1", "budget-1", "t-1", Samples.Alice, Samples.Eur("40"), "72010", "cash", "2026-11"),
            new BeneficiaryEnrolled("e-1", Samples.Noon, "program-1", Samples.Bob),
            new Disbursed("d-1", Samples.Noon, "program-1", "budget-1", "t-1", Samples.Bob, Samples.Eur("10"), "12220", "cash", "2026-11"),
            new Reversed("r-1", Samples.Noon, "d-1", "program-1", "budget-1", "t-1", Samples.Eur("5"), "returned"),
        ];
        LedgerReplay inMemory = new();
        LedgerReplay bounded = LedgerReplay.OverLog(leaf => entries[leaf]);
        for (int i = 0; i < entries.Length; i++)
        {
            foreach (LedgerReplay replay in new[] { inMemory, bounded })
            {
                Assert.False(replay.TryGetLeafOfId("r-1", out _));
                replay.Apply((ulong)i, entries[i]);
            }
        }

        foreach (LedgerReplay replay in new[] { inMemory, bounded })
        {
            Assert.True(entries.All(LedgerReplay.IndexesIdOf));
            Assert.Equal((true, 0UL), (replay.TryGetLeafOfId("d-1", out ulong paid), paid));
            Assert.Equal((true, 1UL), (replay.TryGetLeafOfId("e-1", out ulong enrolled), enrolled));
            Assert.Equal((true, 3UL), (replay.TryGetLeafOfId("r-1", out ulong reversed), reversed));
            Assert.False(replay.TryGetLeafOfId("d-2", out _));
        }
    }

    [Fact]
    public void AReplayOfOneBudgetOrProgramDoesNotAnswer()
    {
        Assert.Throws<InvalidOperationException>(() => LedgerReplay.ForBudget("budget-1").TryGetLeafOfId("d-1", out _));
        Assert.Throws<InvalidOperationException>(() => LedgerReplay.ForProgram("program-1").TryGetLeafOfId("d-1", out _));
    }
}
