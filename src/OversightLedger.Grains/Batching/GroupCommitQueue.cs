namespace OversightLedger.Grains.Batching;

/// <summary>
/// Group commit: items added while earlier batches are being committed wait here and go out together in the next batch,
/// so one durable write (an fsync, a log append, a budget commit) serves many callers. Each caller gets its own item's
/// result when its whole batch is done, or the batch's failure.
/// <list type="bullet">
/// <item>Size: a batch holds at most <see cref="GroupCommitLimits.MaxBatchSize"/> items, taken in the order added.</item>
/// <item>Age: with <see cref="GroupCommitLimits.MaxDelay"/> above zero, a batch smaller than the size limit waits for more
/// items until its oldest item is that old; at zero (the default) a batch starts as soon as a slot is free.</item>
/// <item>At most <see cref="GroupCommitLimits.MaxBatchesInFlight"/> batches are committed at once; batches start in order.</item>
/// <item>Failure: when the commit throws, every item of the batch without a result gets that exception (never a hang); with
/// <see cref="GroupCommitLimits.FailQueuedOnFailure"/>, so does every item still queued.</item>
/// </list>
/// Meant for a grain activation (one turn at a time), it is also safe for concurrent callers: its state is under a lock
/// that is never held across an await or the commit.
/// </summary>
/// <typeparam name="TItem">What callers add.</typeparam>
/// <typeparam name="TResult">What each caller gets back.</typeparam>
public sealed class GroupCommitQueue<TItem, TResult>
    where TResult : class
{
    private readonly Func<IReadOnlyList<TItem>, TResult?[], Task> _commit;
    private readonly Action<TItem>? _settled;
    private readonly GroupCommitLimits _limits;
    private readonly TimeProvider _time;
    private readonly List<Waiting> _queue = [];
    private readonly List<Waiting[]> _committing = [];
    private readonly Lock _lock = new();
    private int _batchesInFlight;
    private bool _delayArmed;
    private TaskCompletionSource? _idle;

    /// <summary>Creates a queue.</summary>
    /// <param name="commit">
    /// Commits one batch: sets <c>results[i]</c> for each item <c>i</c> it settled. An item left without a result fails
    /// with the exception the commit threw, or with an <see cref="InvalidOperationException"/> if it returned normally.
    /// </param>
    /// <param name="limits">Size, age and concurrency limits.</param>
    /// <param name="settled">Called for each item of a batch (success or failure) just before its caller is answered.</param>
    /// <param name="time">The clock of the age limit; the system's by default.</param>
    public GroupCommitQueue(Func<IReadOnlyList<TItem>, TResult?[], Task> commit, GroupCommitLimits limits, Action<TItem>? settled = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _commit = commit;
        _limits = limits;
        _settled = settled;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Items waiting for a batch (not those being committed).</summary>
    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Batches being committed now.</summary>
    public int BatchesInFlight
    {
        get
        {
            lock (_lock)
            {
                return _batchesInFlight;
            }
        }
    }

    /// <summary>Adds an item; the task completes with its result once its batch is committed, or fails with the batch's failure.</summary>
    public Task<TResult> Add(TItem item)
    {
        var waiting = new Waiting(item, _time.GetTimestamp());
        lock (_lock)
        {
            _queue.Add(waiting);
        }

        Pump();
        return waiting.Completion.Task;
    }

    /// <summary>Adds items in order; the tasks are in the same order.</summary>
    public Task<TResult>[] AddRange(IReadOnlyList<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var added = new Task<TResult>[items.Count];
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            for (int i = 0; i < items.Count; i++)
            {
                var waiting = new Waiting(items[i], now);
                _queue.Add(waiting);
                added[i] = waiting.Completion.Task;
            }
        }

        Pump();
        return added;
    }

    /// <summary>A task that completes when nothing is queued or being committed (at once when that is so now).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_queue.Count == 0 && _batchesInFlight == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>
    /// Answers every caller still waiting — queued or in a batch being committed — with <paramref name="failure"/>, and
    /// empties the queue (a writer going away: its callers must not hang). A batch being committed goes on; its
    /// results reach no one.
    /// </summary>
    public void FailAll(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        List<Waiting> failed;
        lock (_lock)
        {
            failed = [.. _committing.SelectMany(batch => batch), .. _queue]; // in the order added
            _queue.Clear();
        }

        Fail([.. failed], failure);
        SignalIdleIfSo();
    }

    private void Pump()
    {
        while (true)
        {
            Waiting[] batch;
            lock (_lock)
            {
                if (_queue.Count == 0 || _batchesInFlight >= _limits.MaxBatchesInFlight)
                {
                    return;
                }

                if (_queue.Count < _limits.MaxBatchSize && _limits.MaxDelay > TimeSpan.Zero)
                {
                    TimeSpan age = _time.GetElapsedTime(_queue[0].AddedAt);
                    if (age < _limits.MaxDelay)
                    {
                        if (!_delayArmed)
                        {
                            _delayArmed = true;
                            _ = PumpAfterAsync(_limits.MaxDelay - age);
                        }

                        return;
                    }
                }

                int count = Math.Min(_queue.Count, _limits.MaxBatchSize);
                batch = [.. _queue.GetRange(0, count)];
                _queue.RemoveRange(0, count);
                _committing.Add(batch);
                _batchesInFlight++;
            }

            _ = CommitAsync(batch);
        }
    }

    private async Task PumpAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay, _time);
        lock (_lock)
        {
            _delayArmed = false;
        }

        Pump();
    }

    private async Task CommitAsync(Waiting[] batch)
    {
        var items = new TItem[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            items[i] = batch[i].Item;
        }

        var results = new TResult?[batch.Length];
        Exception? failure = null;
        try
        {
            await _commit(items, results);
        }
        catch (Exception e)
        {
            failure = e;
        }

        Exception unsettled = failure ?? new InvalidOperationException("The batch ended without a result for this item.");
        for (int i = 0; i < batch.Length; i++)
        {
            Answer(batch[i], results[i], unsettled);
        }

        if (failure is not null && _limits.FailQueuedOnFailure)
        {
            Waiting[] queued;
            lock (_lock)
            {
                queued = [.. _queue];
                _queue.Clear();
            }

            Fail(queued, failure);
        }

        lock (_lock)
        {
            _committing.Remove(batch);
            _batchesInFlight--;
        }

        Pump();
        SignalIdleIfSo();
    }

    private void Fail(Waiting[] failed, Exception failure)
    {
        foreach (Waiting waiting in failed)
        {
            Answer(waiting, null, failure);
        }
    }

    /// <summary>Settles and answers an item once: a second answer (a batch ending after <see cref="FailAll"/>) does nothing.</summary>
    private void Answer(Waiting waiting, TResult? result, Exception failure)
    {
        if (Interlocked.Exchange(ref waiting.Answered, 1) == 1)
        {
            return;
        }

        _settled?.Invoke(waiting.Item);
        if (result is not null)
        {
            waiting.Completion.SetResult(result);
        }
        else
        {
            waiting.Completion.SetException(failure);
        }
    }

    private void SignalIdleIfSo()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            if (_queue.Count == 0 && _batchesInFlight == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    private sealed class Waiting(TItem item, long addedAt)
    {
        public TItem Item { get; } = item;

        public long AddedAt { get; } = addedAt;

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>1 once answered (see <see cref="Answer"/>).</summary>
        public int Answered;
    }
}
