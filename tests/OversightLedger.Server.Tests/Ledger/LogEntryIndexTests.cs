using System.Text;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>The sequencer's in-memory index: entry ids packed, each subject's leaves as runs of consecutive indices (<see cref="SubjectLeafRuns"/>).</summary>
public sealed class LogEntryIndexTests
{
    [Fact]
    public void A_subjects_leaves_come_back_in_order_from_any_index_whatever_runs_they_form()
    {
        var runs = new SubjectLeafRuns();
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
        Assert.Empty(new SubjectLeafRuns().From(0));
    }

    [Fact]
    public void A_long_run_of_leaves_is_kept_whole_and_read_from_its_middle()
    {
        var runs = new SubjectLeafRuns();
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
    public void Leaves_added_one_by_one_or_as_runs_form_the_same_runs_and_read_back_the_same_either_way()
    {
        var random = new Random(17);
        for (int history = 0; history < 200; history++)
        {
            var oneByOne = new SubjectLeafRuns();
            var asRuns = new SubjectLeafRuns(capacity: 1);
            var leaves = new List<ulong>();
            ulong next = (ulong)random.Next(0, 5);
            for (int batch = random.Next(0, 12); batch > 0; batch--)
            {
                uint length = (uint)random.Next(1, 6);
                asRuns.AddRun(next, length);
                for (ulong leaf = next; leaf < next + length; leaf++)
                {
                    oneByOne.Add(leaf);
                    leaves.Add(leaf);
                }

                next += length + (ulong)random.Next(0, 3); // adjacent batches join into one run
            }

            Assert.Equal(leaves.Count, asRuns.Count);
            Assert.Equal(oneByOne.RunCount, asRuns.RunCount);
            Assert.Equal(leaves.LastOrDefault(), asRuns.Last ?? 0);
            SubjectLeafRuns copy = asRuns.Copy(moreRuns: 1);
            for (ulong from = 0; from <= next + 1; from++)
            {
                ulong[] expected = [.. leaves.Where(leaf => leaf >= from)];
                var appended = new List<ulong> { 999_999 };
                asRuns.AppendFrom(from, appended);
                Assert.Equal(expected, oneByOne.From(from));
                Assert.Equal(expected, copy.From(from));
                ulong[] afterWhatWasThere = [999_999UL, .. expected];
                Assert.Equal(afterWhatWasThere, appended);
            }
        }
    }

    [Fact]
    public void An_empty_or_out_of_order_run_is_refused()
    {
        var runs = new SubjectLeafRuns();
        runs.AddRun(10, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => runs.AddRun(20, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => runs.AddRun(12, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => runs.Add(5));
        Assert.Equal([10UL, 11UL, 12UL], runs.From(0));
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
