using Microsoft.Extensions.Time.Testing;
using OversightLedger.Grains.Batching;

namespace OversightLedger.Server.Tests.Batching;

/// <summary>
/// The group-commit queue the program grain and the log's sequencer share: batches by size and age, in order, a bounded
/// number at once, and every caller answered — with its result, or with its batch's failure.
/// </summary>
public sealed class GroupCommitQueueTests
{
    [Fact]
    public async Task Items_added_while_a_batch_commits_go_together_in_the_next_batch_in_the_order_added()
    {
        var commits = new GatedCommits();
        var queue = new GroupCommitQueue<int, string>(commits.CommitAsync, new GroupCommitLimits());

        Task<string> first = queue.Add(0);
        Task<string>[] later = [queue.Add(1), queue.Add(2), .. queue.AddRange([3, 4])];
        Assert.Equal([[0]], commits.Batches);
        Assert.Equal(4, queue.QueuedCount);

        commits.Release(0);
        Assert.Equal("0", await first);
        await commits.StartedAsync(2);
        commits.Release(1);

        Assert.Equal(["1", "2", "3", "4"], await Task.WhenAll(later));
        Assert.Equal([[0], [1, 2, 3, 4]], commits.Batches);
        await queue.WhenIdleAsync();
        Assert.Equal((0, 0), (queue.QueuedCount, queue.BatchesInFlight));
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_size_limit_and_batches_start_in_order()
    {
        var commits = new GatedCommits();
        var queue = new GroupCommitQueue<int, string>(commits.CommitAsync, new GroupCommitLimits { MaxBatchSize = 3 });

        Task<string>[] answers = queue.AddRange([.. Enumerable.Range(0, 10)]);
        for (int b = 0; b < 4; b++)
        {
            await commits.StartedAsync(b + 1);
            commits.Release(b);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), await Task.WhenAll(answers));
        Assert.Equal([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]], commits.Batches);
    }

    [Fact]
    public async Task No_more_batches_commit_at_once_than_the_limit_and_a_free_slot_takes_the_next()
    {
        var commits = new GatedCommits();
        var queue = new GroupCommitQueue<int, string>(commits.CommitAsync, new GroupCommitLimits { MaxBatchSize = 1, MaxBatchesInFlight = 2 });

        Task<string>[] answers = queue.AddRange([0, 1, 2, 3]);
        await commits.StartedAsync(2);
        Assert.Equal((2, 2), (queue.BatchesInFlight, queue.QueuedCount));
        Assert.Equal(2, commits.MostAtOnce);

        commits.Release(1); // the second ends first: the third batch takes its slot
        await commits.StartedAsync(3);
        Assert.Equal("1", await answers[1]);
        Assert.False(answers[0].IsCompleted);
        commits.Release(0);
        commits.Release(2);
        await commits.StartedAsync(4);
        commits.Release(3);

        await Task.WhenAll(answers);
        Assert.Equal(2, commits.MostAtOnce);
        Assert.Equal([[0], [1], [2], [3]], commits.Batches);
    }

    [Fact]
    public async Task A_failed_commit_fails_each_item_it_did_not_settle_and_answers_those_it_did_and_the_queue_goes_on()
    {
        var failure = new IOException("disk full");
        int calls = 0;
        var settled = new List<int>();
        var queue = new GroupCommitQueue<int, string>(
            (items, results) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    results[0] = "settled before the failure";
                    throw failure;
                }

                for (int i = 0; i < items.Count; i++)
                {
                    results[i] = "ok " + items[i];
                }

                return Task.CompletedTask;
            },
            new GroupCommitLimits(),
            settled.Add);

        Task<string>[] batch = queue.AddRange([1, 2, 3]);
        Task<string> next = queue.Add(4);

        Assert.Equal("settled before the failure", await batch[0]);
        Assert.Same(failure, await Assert.ThrowsAsync<IOException>(() => batch[1]));
        Assert.Same(failure, await Assert.ThrowsAsync<IOException>(() => batch[2]));
        Assert.Equal("ok 4", await next);
        Assert.Equal([1, 2, 3, 4], settled);
    }

    [Fact]
    public async Task With_fail_queued_on_failure_a_failed_commit_also_fails_everything_queued_behind_it()
    {
        var commits = new GatedCommits();
        var settled = new List<int>();
        var queue = new GroupCommitQueue<int, string>(commits.CommitAsync, new GroupCommitLimits { FailQueuedOnFailure = true }, settled.Add);

        Task<string> writing = queue.Add(1);
        Task<string>[] queued = queue.AddRange([2, 3]);
        var failure = new InvalidOperationException("partial write");
        commits.Fail(0, failure);

        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => writing));
        foreach (Task<string> q in queued)
        {
            Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => q));
        }

        Assert.Equal([[1]], commits.Batches);
        Assert.Equal([1, 2, 3], settled);
        Assert.Equal(0, queue.QueuedCount);
    }

    [Fact]
    public async Task A_commit_that_returns_without_a_result_for_an_item_fails_that_item_instead_of_leaving_it_waiting()
    {
        var queue = new GroupCommitQueue<int, string>(
            (items, results) =>
            {
                results[1] = "only the second";
                return Task.CompletedTask;
            },
            new GroupCommitLimits());

        Task<string>[] answers = queue.AddRange([1, 2]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => answers[0]);
        Assert.Equal("only the second", await answers[1]);
    }

    [Fact]
    public async Task With_an_age_limit_a_small_batch_waits_until_its_oldest_item_is_that_old_and_a_full_one_goes_at_once()
    {
        var time = new FakeTimeProvider();
        var commits = new GatedCommits(releaseAtOnce: true);
        var queue = new GroupCommitQueue<int, string>(commits.CommitAsync, new GroupCommitLimits { MaxBatchSize = 3, MaxDelay = TimeSpan.FromMilliseconds(5) }, time: time);

        Task<string> early = queue.Add(1);
        time.Advance(TimeSpan.FromMilliseconds(3));
        Task<string> later = queue.Add(2);
        Assert.Empty(commits.Batches);

        time.Advance(TimeSpan.FromMilliseconds(2)); // the oldest item is 5 ms old: both go
        Assert.Equal(["1", "2"], await Task.WhenAll(early, later));
        Assert.Equal([[1, 2]], commits.Batches);

        Task<string>[] full = queue.AddRange([3, 4, 5]); // a full batch does not wait
        Assert.Equal(["3", "4", "5"], await Task.WhenAll(full));
        Assert.Equal([[1, 2], [3, 4, 5]], commits.Batches);
    }

    [Fact]
    public async Task Fail_all_answers_queued_and_committing_callers_once_and_a_batch_ending_later_changes_nothing()
    {
        var commits = new GatedCommits();
        var settled = new List<int>();
        var queue = new GroupCommitQueue<int, string>(commits.CommitAsync, new GroupCommitLimits(), settled.Add);
        Task<string> committing = queue.Add(1);
        Task<string> queued = queue.Add(2);
        var stopped = new InvalidOperationException("deactivated");

        queue.FailAll(stopped);
        commits.Release(0);
        await queue.WhenIdleAsync();

        Assert.Same(stopped, await Assert.ThrowsAsync<InvalidOperationException>(() => committing));
        Assert.Same(stopped, await Assert.ThrowsAsync<InvalidOperationException>(() => queued));
        Assert.Equal([1, 2], settled);
        Assert.Equal([[1]], commits.Batches);
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 0, 0)]
    [InlineData(1, 1, -1)]
    [InlineData(1, 1, 61_000)]
    public void Limits_out_of_range_are_refused(int size, int inFlight, int delayMilliseconds)
    {
        var limits = new GroupCommitLimits { MaxBatchSize = size, MaxBatchesInFlight = inFlight, MaxDelay = TimeSpan.FromMilliseconds(delayMilliseconds) };
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupCommitQueue<int, string>((_, _) => Task.CompletedTask, limits));
    }

    /// <summary>A commit whose batches wait until the test releases (or fails) them, recording what each held.</summary>
    private sealed class GatedCommits(bool releaseAtOnce = false)
    {
        private readonly Lock _lock = new();
        private readonly List<TaskCompletionSource> _gates = [];
        private readonly List<int[]> _batches = [];
        private int _running;

        public int MostAtOnce { get; private set; }

        public List<int[]> Batches
        {
            get
            {
                lock (_lock)
                {
                    return [.. _batches];
                }
            }
        }

        public async Task CommitAsync(IReadOnlyList<int> items, string?[] results)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _batches.Add([.. items]);
                _gates.Add(gate);
                MostAtOnce = Math.Max(MostAtOnce, ++_running);
            }

            if (!releaseAtOnce)
            {
                await gate.Task;
            }

            lock (_lock)
            {
                _running--;
            }

            for (int i = 0; i < items.Count; i++)
            {
                results[i] = items[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        public async Task StartedAsync(int batches)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Batches.Count < batches)
            {
                await Task.Delay(1, timeout.Token);
            }
        }

        public void Release(int batch) => Gate(batch).SetResult();

        public void Fail(int batch, Exception failure) => Gate(batch).SetException(failure);

        private TaskCompletionSource Gate(int batch)
        {
            lock (_lock)
            {
                return _gates[batch];
            }
        }
    }
}
