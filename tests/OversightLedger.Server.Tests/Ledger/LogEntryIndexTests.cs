using System.Text;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>The sequencer's in-memory index: entry ids packed, each subject's leaves as runs of consecutive indices.</summary>
public sealed class LogEntryIndexTests
{
    [Fact]
    public void A_subjects_leaves_come_back_in_order_from_any_index_whatever_runs_they_form()
    {
        var runs = new LeafIndexRuns();
        ulong[] leaves = [3, 4, 5, 6, 9, 11, 12, 13, 20];
        foreach (ulong leaf in leaves)
        {
            runs.Add(leaf);
        }

        Assert.Equal(leaves.Length, runs.Count);
        for (ulong from = 0; from <= 22; from++)
        {
            Assert.Equal(leaves.Where(leaf => leaf >= from), runs.From(from));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => runs.Add(20));
        Assert.Throws<ArgumentOutOfRangeException>(() => runs.Add(7));
        Assert.Empty(new LeafIndexRuns().From(0));
    }

    [Fact]
    public void A_long_run_of_leaves_is_kept_whole_and_read_from_its_middle()
    {
        var runs = new LeafIndexRuns();
        for (ulong leaf = 1_000; leaf < 101_000; leaf++)
        {
            runs.Add(leaf);
        }

        runs.Add(200_000);

        Assert.Equal(100_001, runs.Count);
        Assert.Equal([100_998UL, 100_999UL, 200_000UL], runs.From(100_998));
        Assert.Equal(100_001, runs.From(0).Length);
        Assert.Equal([200_000UL], runs.From(101_000));
    }

    [Fact]
    public void Ids_name_their_latest_leaf_and_entries_are_listed_under_each_subject_they_name()
    {
        var index = new LogEntryIndex();
        index.Add(Envelope("""{"id":"e-1","budget":"b-1","program":"p-1","kind":"Disbursed"}"""), 0);
        index.Add(Envelope("""{"id":"e-2","budget":"b-1","kind":"BudgetOpened"}"""), 1);
        index.Add(Envelope("""{"id":"e-3","program":"p-1"}"""), 2);
        index.Add(Envelope("""{"id":"e-1","budget":"b-2"}"""), 3);

        Assert.True(index.TryGetLeafIndex("e-1", out ulong leaf));
        Assert.Equal(3UL, leaf);
        Assert.False(index.TryGetLeafIndex("e-4", out _));
        Assert.Equal(3, index.Count);
        Assert.Equal([0UL, 1UL], index.SubjectEntries(LogSubjects.Budget("b-1"), 0));
        Assert.Equal([3UL], index.SubjectEntries(LogSubjects.Budget("b-2"), 0));
        Assert.Equal([2UL], index.SubjectEntries(LogSubjects.Program("p-1"), 1));
        Assert.Equal([1UL], index.SubjectEntries(LogSubjects.OfKind("BudgetOpened"), 0));
        Assert.Empty(index.SubjectEntries(LogSubjects.OfKind("Disbursed"), 0));
        Assert.Empty(index.SubjectEntries(LogSubjects.Program("p-2"), 0));
    }

    private static EntryEnvelope Envelope(string json) => EntryEnvelope.Read(Encoding.UTF8.GetBytes(json));
}
