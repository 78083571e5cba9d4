using Microsoft.Data.Sqlite;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Server.Persistence;

/// <summary>The index's write-behind half: the unwritten set, and the thread that writes it in coalesced transactions.</summary>
public sealed partial class SqliteLogEntryIndex
{
    /// <summary>Guards everything below, shared by the sequencer's thread and the writer's; the writer waits on it for work.</summary>
    private readonly object _gate = new();
    private readonly Queue<UnwrittenBatch> _unwrittenBatches = new();
    private readonly Dictionary<string, ulong> _unwrittenLeaves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ulong>> _unwrittenSubjects = new(StringComparer.Ordinal);
    private readonly List<TaskCompletionSource> _roomWaiters = [];

    /// <summary>Entries added and not yet committed (queued, or in the writer's open transaction).</summary>
    private int _unwrittenCount;

    /// <summary>The lowest leaf the next batch may hold: above every leaf added since opening, and the position opened at.</summary>
    private ulong _nextLeaf;
    private Exception? _writeFailure;
    private bool _stopping;
    private bool _discardUnwritten;
    private Thread? _writer;
    private long _transactions;

    /// <inheritdoc/>
    /// <remarks>Answerable at once; written to the file later, with later batches, by the index's writer thread.</remarks>
    /// <exception cref="InvalidOperationException">The writer failed earlier: the sequencer must catch up from the log.</exception>
    public void Add(IReadOnlyList<IndexedLogEntry> entries, LogIndexPosition position)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _ = Connection;
        IndexedLogEntry[] batch = [.. entries];
        lock (_gate)
        {
            if (_writeFailure is { } failure)
            {
                throw new InvalidOperationException($"Writing the sequencer's index {_databasePath} failed earlier: {failure.Message}", failure);
            }

            ulong next = _nextLeaf;
            foreach (IndexedLogEntry entry in batch)
            {
                if (entry.LeafIndex < next)
                {
                    throw new ArgumentException($"Leaves are indexed in ascending order, from {next}; the batch adds {entry.LeafIndex}.", nameof(entries));
                }

                next = entry.LeafIndex + 1;
            }

            _nextLeaf = Math.Max(next, position.TreeSize);
            foreach (IndexedLogEntry entry in batch)
            {
                _unwrittenLeaves[entry.Id] = entry.LeafIndex;
                foreach (string subject in entry.Subjects)
                {
                    if (!_unwrittenSubjects.TryGetValue(subject, out List<ulong>? leaves))
                    {
                        leaves = [];
                        _unwrittenSubjects.Add(subject, leaves);
                    }

                    if (leaves.Count == 0 || leaves[^1] != entry.LeafIndex)
                    {
                        leaves.Add(entry.LeafIndex);
                    }
                }
            }

            _unwrittenBatches.Enqueue(new UnwrittenBatch(batch, position));
            _unwrittenCount += batch.Length;
            Monitor.PulseAll(_gate);
        }
    }

    /// <inheritdoc/>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource room;
        lock (_gate)
        {
            if (_writer is null || _writeFailure is not null || _unwrittenCount < _maxUnwrittenEntries)
            {
                return Task.CompletedTask;
            }

            room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _roomWaiters.Add(room);
        }

        return room.Task.WaitAsync(cancellationToken);
    }

    /// <summary>How many transactions the writer has committed since this instance was created (tests).</summary>
    internal long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>How many entries added are not yet committed (tests).</summary>
    internal int UnwrittenEntries
    {
        get
        {
            lock (_gate)
            {
                return _unwrittenCount;
            }
        }
    }

    /// <summary>Waits until everything added is committed, or the writer has failed or stopped; false when out of time (tests).</summary>
    internal bool WaitUntilWritten(TimeSpan timeout)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_gate)
            {
                if (_unwrittenCount == 0 || _writeFailure is not null || _writer is null)
                {
                    return true;
                }
            }

            if (DateTime.UtcNow >= end)
            {
                return false;
            }

            Thread.Sleep(1);
        }
    }

    private bool TryGetUnwrittenLeaf(string entryId, out ulong leafIndex)
    {
        lock (_gate)
        {
            if (_unwrittenCount > 0 || _writeFailure is not null)
            {
                return _unwrittenLeaves.TryGetValue(entryId, out leafIndex);
            }
        }

        leafIndex = 0;
        return false;
    }

    private ulong[] UnwrittenSubjectEntries(string subject, ulong fromIndex)
    {
        lock (_gate)
        {
            if (!_unwrittenSubjects.TryGetValue(subject, out List<ulong>? leaves))
            {
                return [];
            }

            int first = leaves.BinarySearch(fromIndex);
            first = first < 0 ? ~first : first;
            return [.. leaves.Skip(first)];
        }
    }

    private void StartWriter(SqliteConnection connection, byte[] key, ulong treeSize)
    {
        lock (_gate)
        {
            _nextLeaf = treeSize;
            _stopping = false;
            _discardUnwritten = false;
            _writeFailure = null;
        }

        FingerprintFilter filter = _filter!;
        _writer = new Thread(() => WriteLoop(connection, key, filter)) { IsBackground = true, Name = "log-index-writer" };
        _writer.Start();
    }

    /// <summary>Stops the writer, once it has written what was added when <paramref name="writeUnwritten"/>, and forgets the unwritten set.</summary>
    private void StopWriter(bool writeUnwritten)
    {
        if (_writer is not { } writer)
        {
            return;
        }

        lock (_gate)
        {
            _stopping = true;
            _discardUnwritten = !writeUnwritten;
            Monitor.PulseAll(_gate);
        }

        writer.Join();
        _writer = null;
        lock (_gate)
        {
            _unwrittenBatches.Clear();
            _unwrittenLeaves.Clear();
            _unwrittenSubjects.Clear();
            _unwrittenCount = 0;
            _writeFailure = null;
            ReleaseRoomWaiters();
        }
    }

    /// <summary>
    /// The writer thread: waits for batches, then takes the file's write lock and, in one transaction, writes every batch
    /// queued by then with the last one's position; only after the commit does it drop them from the unwritten set. Stops
    /// when told to (after writing what is queued, unless told to discard it) or at its first failure.
    /// </summary>
    private void WriteLoop(SqliteConnection connection, byte[] key, FingerprintFilter filter)
    {
        var writeCommands = new WriteCommands(connection);
        using var fingerprints = new EntryFingerprints(key);
        var taken = new List<UnwrittenBatch>();
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    while (!HasWork(out bool stop))
                    {
                        if (stop)
                        {
                            return;
                        }

                        Monitor.Wait(_gate);
                    }

                    // Written behind: gather what comes within the interval into this transaction, since a transaction
                    // costs far more than the ids in it (its pages written to the WAL, then checkpointed). Not when
                    // stopping, nor when the sequencer is close to being held back.
                    long due = Environment.TickCount64 + (long)_writeInterval.TotalMilliseconds;
                    while (!_stopping && _unwrittenCount < _maxUnwrittenEntries / 2)
                    {
                        long remaining = due - Environment.TickCount64;
                        if (remaining <= 0)
                        {
                            break;
                        }

                        Monitor.Wait(_gate, (int)remaining);
                    }

                    if (_stopping && _discardUnwritten)
                    {
                        return;
                    }
                }

                taken.Clear();
                int count = 0;
                try
                {
                    // The write lock first, then whatever is queued by now: batches added while waiting for it go together.
                    using SqliteTransaction transaction = connection.BeginTransaction();
                    writeCommands.SetTransaction(transaction);
                    lock (_gate)
                    {
                        while (_unwrittenBatches.TryDequeue(out UnwrittenBatch batch))
                        {
                            taken.Add(batch);
                            count += batch.Entries.Length;
                        }
                    }

                    writeCommands.Write(taken, fingerprints, filter);
                    transaction.Commit();
                    writeCommands.SetTransaction(null);
                }
                catch (Exception e)
                {
                    lock (_gate)
                    {
                        // What it held stays answerable from memory until the sequencer restarts and catches up from the log.
                        _writeFailure = e;
                        ReleaseRoomWaiters();
                    }

                    LogWriteFailed(_logger, e, count, _databasePath);
                    return;
                }

                Interlocked.Increment(ref _transactions);
                lock (_gate)
                {
                    Forget(taken);
                    _unwrittenCount -= count;
                    if (_unwrittenCount < _maxUnwrittenEntries)
                    {
                        ReleaseRoomWaiters();
                    }
                }
            }
        }
        finally
        {
            writeCommands.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>Under <see cref="_gate"/>: whether there is a batch to write; <paramref name="stop"/> when there is none to write and the writer is to stop.</summary>
    private bool HasWork(out bool stop)
    {
        stop = _stopping && (_discardUnwritten || _unwrittenBatches.Count == 0);
        return !stop && _unwrittenBatches.Count > 0;
    }

    /// <summary>Drops committed batches from the unwritten set; an id added again in a later batch keeps that one's leaf.</summary>
    private void Forget(List<UnwrittenBatch> written)
    {
        ulong lastLeaf = 0;
        bool any = false;
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (UnwrittenBatch batch in written)
        {
            foreach (IndexedLogEntry entry in batch.Entries)
            {
                if (_unwrittenLeaves.TryGetValue(entry.Id, out ulong leaf) && leaf == entry.LeafIndex)
                {
                    _unwrittenLeaves.Remove(entry.Id);
                }

                subjects.UnionWith(entry.Subjects);
                lastLeaf = entry.LeafIndex;
                any = true;
            }
        }

        if (!any)
        {
            return;
        }

        foreach (string subject in subjects)
        {
            List<ulong> leaves = _unwrittenSubjects[subject];
            int below = leaves.BinarySearch(lastLeaf);
            below = below < 0 ? ~below : below + 1;
            if (below == leaves.Count)
            {
                _unwrittenSubjects.Remove(subject);
            }
            else
            {
                leaves.RemoveRange(0, below);
            }
        }
    }

    /// <summary>Completes every <see cref="WaitForRoomAsync"/> waiting; under <see cref="_gate"/>.</summary>
    private void ReleaseRoomWaiters()
    {
        foreach (TaskCompletionSource waiter in _roomWaiters)
        {
            waiter.TrySetResult();
        }

        _roomWaiters.Clear();
    }

    /// <summary>A batch as added: its entries and the position it brings the index to.</summary>
    private readonly record struct UnwrittenBatch(IndexedLogEntry[] Entries, LogIndexPosition Position);
}
