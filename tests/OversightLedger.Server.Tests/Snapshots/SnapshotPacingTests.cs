using Microsoft.Extensions.Time.Testing;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// The pacing every snapshot writer shares (the budget and program grains, the watchdog, the sequencer's index): a
/// snapshot is due by count or by time, or written once the owner goes quiet; one at a time; a failed one is not retried
/// at once. Driven on one "turn" at a time, as on an Orleans activation, with a fake clock.
/// </summary>
public sealed class SnapshotPacingTests
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(2);

    [Fact]
    public void A_snapshot_is_due_once_the_owners_count_of_entries_is_pending()
    {
        var owner = new Owner(entriesDue: 3, writesWhenIdle: false);

        owner.Count(2);
        Assert.Equal(0, owner.Started);

        owner.Count(1);
        Assert.Equal(1, owner.Started);
        Assert.Null(owner.Pacing.Running);

        owner.Count(2); // the count starts again after a written snapshot
        Assert.Equal(1, owner.Started);
        owner.Count(1);
        Assert.Equal(2, owner.Started);
    }

    [Fact]
    public void The_count_that_makes_a_snapshot_due_is_asked_at_each_count()
    {
        long entriesDue = 5;
        var owner = new Owner(() => entriesDue, writesWhenIdle: false);

        owner.Count(4);
        Assert.Equal(0, owner.Started);

        entriesDue = 4; // as after a smaller snapshot
        owner.Count(0);
        Assert.Equal(1, owner.Started);
    }

    [Fact]
    public void A_snapshot_is_due_once_the_time_between_has_passed_with_at_least_one_entry_pending()
    {
        var owner = new Owner(entriesDue: 1_000, writesWhenIdle: false);

        owner.Clock.Advance(Every + Every);
        owner.Count(0);
        Assert.Equal(0, owner.Started); // nothing pending: nothing to write, however long it has been

        owner.Count(1);
        Assert.Equal(1, owner.Started); // the time since the last snapshot (here: the start) has passed

        owner.Count(1);
        owner.Clock.Advance(Every - TimeSpan.FromSeconds(1));
        owner.Count(0);
        Assert.Equal(1, owner.Started);

        owner.Clock.Advance(TimeSpan.FromSeconds(1));
        owner.Count(0);
        Assert.Equal(2, owner.Started);
    }

    [Fact]
    public void An_owner_that_writes_when_idle_writes_once_no_entry_has_come_for_the_idle_time()
    {
        var owner = new Owner(entriesDue: 1_000, writesWhenIdle: true);

        owner.Count(1);
        owner.Clock.Advance(IdleAfter / 2);
        owner.RunTurns();
        owner.Count(1); // not quiet yet: the quiet starts again
        owner.Clock.Advance(IdleAfter / 2);
        owner.RunTurns();
        Assert.Equal(0, owner.Started);

        owner.Clock.Advance(IdleAfter / 2);
        owner.RunTurns();
        Assert.Equal(1, owner.Started);
        Assert.Null(owner.Pacing.Running);

        owner.Clock.Advance(Every + Every);
        owner.RunTurns();
        Assert.Equal(1, owner.Started); // nothing pending since: no other
    }

    [Fact]
    public void Entries_pending_at_the_start_are_written_once_the_owner_stays_quiet_never_at_once()
    {
        var owner = new Owner(entriesDue: 3, writesWhenIdle: true, pending: 5);

        owner.RunTurns();
        Assert.Equal(0, owner.Started); // the activation's first request comes first

        owner.Clock.Advance(IdleAfter);
        owner.RunTurns();
        Assert.Equal(1, owner.Started);
    }

    [Fact]
    public void An_owner_that_does_not_write_when_idle_waits_for_the_count_or_the_time()
    {
        var owner = new Owner(entriesDue: 1_000, writesWhenIdle: false, pending: 5);

        owner.Count(1);
        owner.Clock.Advance(Every - TimeSpan.FromSeconds(1));
        owner.RunTurns();
        Assert.Equal(0, owner.Started);
    }

    [Fact]
    public void One_snapshot_at_a_time_and_entries_counted_while_it_is_written_stay_pending_for_the_next()
    {
        var owner = new Owner(entriesDue: 3, writesWhenIdle: true) { Gated = true };

        owner.Count(3);
        Assert.Equal(1, owner.Started);
        Assert.NotNull(owner.Pacing.Running);

        owner.Count(3); // due again, but one is being written
        owner.Clock.Advance(Every);
        owner.Count(1);
        owner.Clock.Advance(IdleAfter); // quiet: the idle watch waits for the one being written
        owner.RunTurns();
        Assert.Equal(1, owner.Started);

        owner.Release(1);
        Assert.Equal(2, owner.Started); // the 4 counted while it was written, once it was done
        Assert.Equal(1, owner.MostAtOnce);

        owner.Release(2);
        Assert.Null(owner.Pacing.Running);
        owner.Count(2);
        Assert.Equal(2, owner.Started); // all written: the count starts again
    }

    [Fact]
    public void A_failed_snapshot_is_handed_to_the_owners_log_and_not_retried_at_once()
    {
        var owner = new Owner(entriesDue: 3, writesWhenIdle: true) { FailFirst = true };

        owner.Count(3);
        Assert.Equal(1, owner.Started);
        Assert.IsType<IOException>(Assert.Single(owner.Failures));
        Assert.Null(owner.Pacing.Running);

        owner.Clock.Advance(Every - TimeSpan.FromSeconds(1));
        owner.RunTurns();
        Assert.Equal(1, owner.Started); // its count was dropped: the idle watch does not write again with none

        owner.Count(2);
        Assert.Equal(1, owner.Started); // the count starts again, and the time at the failure

        owner.Clock.Advance(TimeSpan.FromSeconds(1));
        owner.Count(0);
        Assert.Equal(2, owner.Started); // the time between has passed since the failure
        Assert.Single(owner.Failures);
    }

    [Fact]
    public void After_a_failed_snapshot_the_entries_that_come_next_are_written_once_the_owner_is_quiet()
    {
        var owner = new Owner(entriesDue: 3, writesWhenIdle: true) { FailFirst = true };

        owner.Count(3);
        Assert.Single(owner.Failures);
        owner.Clock.Advance(IdleAfter);
        owner.RunTurns();
        Assert.Equal(1, owner.Started);

        owner.Count(2);
        Assert.Equal(1, owner.Started);

        owner.Clock.Advance(IdleAfter);
        owner.RunTurns();
        Assert.Equal(2, owner.Started);
        Assert.Single(owner.Failures);
    }

    [Fact]
    public void A_write_with_nothing_to_write_drops_the_count()
    {
        var owner = new Owner(entriesDue: 3, writesWhenIdle: false) { NothingToWriteFirst = true };

        owner.Count(3);
        Assert.Equal(1, owner.Started);

        owner.Count(2);
        Assert.Equal(1, owner.Started);
        owner.Count(1);
        Assert.Equal(2, owner.Started);
        Assert.Empty(owner.Failures);
    }

    [Fact]
    public void With_snapshots_disabled_none_is_written()
    {
        var owner = new Owner(entriesDue: 3, writesWhenIdle: true, pending: 5);
        owner.Options.Enabled = false;

        owner.Count(100);
        owner.Clock.Advance(Every + Every);
        owner.Count(1);
        owner.RunTurns();

        Assert.Equal(0, owner.Started);
    }

    /// <summary>An owner of state: its pacing, its clock, its turns, and the writes the pacing started.</summary>
    private sealed class Owner
    {
        private readonly Turns _turns = new();
        private readonly List<TaskCompletionSource<bool>> _gates = [];
        private int _writing;

        public Owner(long entriesDue, bool writesWhenIdle, long pending = 0)
            : this(() => entriesDue, writesWhenIdle, pending)
        {
        }

        public Owner(Func<long> entriesDue, bool writesWhenIdle, long pending = 0)
        {
            // Built on a turn, as an activation builds it: its awaits then resume on the turns.
            Pacing = _turns.Run(() => new SnapshotPacing(Options, entriesDue, writesWhenIdle, pending, WriteAsync, Failures.Add, Clock));
        }

        public FakeTimeProvider Clock { get; } = new();

        public GrainSnapshotOptions Options { get; } = new() { IdleAfter = IdleAfter, Every = Every };

        public SnapshotPacing Pacing { get; }

        public List<Exception> Failures { get; } = [];

        /// <summary>Writes wait for <see cref="Release"/>.</summary>
        public bool Gated { get; init; }

        public bool FailFirst { get; init; }

        public bool NothingToWriteFirst { get; init; }

        public int Started { get; private set; }

        public int MostAtOnce { get; private set; }

        public void Count(long entries) => _turns.Run(() => Pacing.Counted(entries));

        public void RunTurns() => _turns.RunQueued();

        /// <summary>Lets the <paramref name="write"/>th write (from 1) finish, and runs the turns that follow.</summary>
        public void Release(int write)
        {
            _gates[write - 1].SetResult(true);
            _turns.RunQueued();
        }

        private async Task<bool> WriteAsync()
        {
            Started++;
            _writing++;
            MostAtOnce = Math.Max(MostAtOnce, _writing);
            try
            {
                if (Gated)
                {
                    var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _gates.Add(gate);
                    return await gate.Task;
                }

                await Task.Yield();
                return Started switch
                {
                    1 when FailFirst => throw new IOException("the store is down"),
                    1 when NothingToWriteFirst => false,
                    _ => true,
                };
            }
            finally
            {
                _writing--;
            }
        }
    }

    /// <summary>
    /// One turn at a time on the test's thread, as an activation's scheduler runs a grain's: what the code under test
    /// queues (its yields, the resumptions after a delay) runs only when the test runs the queued turns.
    /// </summary>
    private sealed class Turns : TaskScheduler
    {
        private readonly Queue<Task> _queued = new();

        public T Run<T>(Func<T> turn)
        {
            Task<T> task = Task.Factory.StartNew(turn, CancellationToken.None, TaskCreationOptions.None, this);
            RunQueued();
            return task.GetAwaiter().GetResult();
        }

        public void Run(Action turn) => Run(() =>
        {
            turn();
            return true;
        });

        public void RunQueued()
        {
            while (true)
            {
                Task? next;
                lock (_queued)
                {
                    if (!_queued.TryDequeue(out next))
                    {
                        return;
                    }
                }

                TryExecuteTask(next);
            }
        }

        protected override void QueueTask(Task task)
        {
            lock (_queued)
            {
                _queued.Enqueue(task);
            }
        }

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

        protected override IEnumerable<Task> GetScheduledTasks()
        {
            lock (_queued)
            {
                return [.. _queued];
            }
        }
    }
}
