using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OversightLedger.Grains.Batching;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The log's single writer. Appends queue while a batch is being made durable and go out together in
/// the next one (group commit), so throughput grows with concurrency while each caller waits for one
/// fsync round. Keeps an index of entry ids (for idempotency) and of subjects (for grains rebuilding
/// their state from the log), <see cref="ILogEntryIndex"/>: in memory, or on disk with the tree size and root it covers,
/// checked against the log at activation, which then indexes only the entries after it (issue 17). Each batch is given to
/// the index once it is durable in the log, in the same turn; an index on disk answers it from memory at once and writes
/// it in the background; an index in memory is written as a snapshot in the background and restored from it
/// (<see cref="LogIndexSnapshots"/>). Each id of a call is looked up once. An append that reuses an id the log has is compared with
/// the entry read back from the log, not with a hash kept in memory.
/// </summary>
[Reentrant]
public sealed partial class AuditLogGrain(AuditLogStore store, ILogEntryIndex index, IOptions<AuditLogOptions> options, ILogger<AuditLogGrain> logger) : Grain, IAuditLogGrain
{
    /// <summary>How many entry bundles the activation's catch-up indexes per write (each write records its position).</summary>
    private const int BundlesPerCatchUpWrite = 16;

    /// <summary>
    /// Entries durable in the log that <c>index</c> failed to take (its write failed): looked up here until the activation
    /// goes, and indexed again from the log by the next one. Empty in the usual case.
    /// </summary>
    private readonly LogEntryIndex _unindexed = new();
    private readonly LogEntryReader _reader = new(store);
    private readonly Dictionary<string, PendingEntry> _inFlight = new(StringComparer.Ordinal);
    private GroupCommitQueue<PendingEntry, LogAppendReceipt>? _appends;
    private ILogStorage? _storage;
    private TileLogWriter? _writer;
    private LogTreeHead? _treeHead;

    /// <summary>Snapshots of an index kept in memory (null for one on disk, or without a snapshot store): <see cref="LogIndexSnapshots"/>.</summary>
    private LogIndexSnapshots? _indexSnapshots;

    /// <summary>
    /// Group commit: one batch (one checkpoint) at a time, up to <see cref="AuditLogOptions.MaxBatchSize"/> entries; a
    /// failed write fails everything queued too, since the writer refuses to continue after a partial write.
    /// </summary>
    private GroupCommitQueue<PendingEntry, LogAppendReceipt> Appends => _appends ??= new(
        WriteBatchAsync,
        new GroupCommitLimits { MaxBatchSize = options.Value.MaxBatchSize, MaxBatchesInFlight = 1, FailQueuedOnFailure = true },
        pending => _inFlight.Remove(pending.Envelope.Id));

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() != store.Origin)
        {
            // One writer per log: a sequencer under another key would write the same files.
            throw new InvalidOperationException($"This silo's log is '{store.Origin}', not '{this.GetPrimaryKeyString()}'.");
        }

        // This activation's own storage: the checkpoint it opens from is read through the instance it commits through
        // (a blob writer's commits are conditional on that version; a reader's read must not set it).
        ILogStorage storage = _storage = store.OpenWriterStorage();
        _indexSnapshots = LogIndexSnapshots.For(index, ServiceProvider, store.Origin);
        byte[]? checkpoint = await storage.ReadAsync(TilePath.Checkpoint, cancellationToken);
        if (checkpoint is null)
        {
            _writer = await TileLogWriter.CreateAsync(storage, store.Signer, cancellationToken);
            _treeHead = new LogTreeHead(0, _writer.Root.ToBase64(), (await storage.ReadAsync(TilePath.Checkpoint, cancellationToken))!);
            index.Clear(); // a new log: whatever an index file holds is of another one
            LogCreated(logger, store.Origin, storage.Location);
            return;
        }

        SignedCheckpoint signed = SignedCheckpoint.Open(checkpoint, store.Verifier);
        _writer = await TileLogWriter.OpenAsync(storage, store.Signer, signed.Checkpoint.Size, signed.Checkpoint.Root, cancellationToken);
        _treeHead = new LogTreeHead(signed.Checkpoint.Size, signed.Checkpoint.Root.ToBase64(), checkpoint);
        if (_indexSnapshots is not null)
        {
            await _indexSnapshots.RestoreAsync(cancellationToken); // then checked against the log like an index on disk
        }

        ulong indexed = await IndexExistingEntriesAsync(signed.Checkpoint.Size, signed.Checkpoint.Root, cancellationToken);
        LogOpened(logger, store.Origin, signed.Checkpoint.Size, storage.Location, indexed);
        _indexSnapshots?.Added((long)indexed);
    }

    /// <summary>
    /// Drains before the activation goes (idle collection, a failed batch, a silo shutting down): the batches being
    /// written are awaited, so their callers get receipts or the write's failure, and whatever is still queued when
    /// the deactivation's time is up is failed, never dropped silently: a failed append is in doubt, and a retry with
    /// the same id finds it in the log or appends it once.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_appends is { } appends)
        {
            try
            {
                await appends.WhenIdleAsync().WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Out of time: fail what is left below.
            }

            if (_inFlight.Count > 0)
            {
                LogDeactivatedWithPending(logger, _inFlight.Count, reason.Description);
                appends.FailAll(new InvalidOperationException(
                    $"The log's sequencer was deactivated ({reason.Description}) before the entry was durable; it may or may not be in the log: retry with the same id."));
                _inFlight.Clear();
            }
        }

        if (_indexSnapshots?.Running is { } snapshot)
        {
            await snapshot.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        index.Dispose();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<LogAppendReceipt> AppendAsync(byte[] entry)
    {
        EntryEnvelope[] envelopes = [EntryEnvelope.Read(entry)];
        (ulong?[] durable, Dictionary<string, byte[]>? logged) = await LookUpAsync(envelopes);

        // No await between the lookup above and the check and enqueue below: nothing interleaves with them.
        EnsureIdIsFree(envelopes[0], entry, durable[0], null, logged);
        return await Enqueue(envelopes[0], entry, durable[0], null);
    }

    /// <inheritdoc/>
    public async Task<LogAppendReceipt[]> AppendManyAsync(byte[][] entries)
    {
        var envelopes = new EntryEnvelope[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            envelopes[i] = EntryEnvelope.Read(entries[i]);
        }

        (ulong?[] durable, Dictionary<string, byte[]>? logged) = await LookUpAsync(envelopes);

        // All or nothing: an id taken by a different entry refuses the call before anything is queued. No await
        // between the lookup above and the checks and enqueues below: nothing interleaves with them.
        var earlier = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Length; i++)
        {
            EnsureIdIsFree(envelopes[i], entries[i], durable[i], earlier, logged);
        }

        var receipts = new Task<LogAppendReceipt>[entries.Length];
        var enqueued = new Dictionary<string, Task<LogAppendReceipt>>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Length; i++)
        {
            receipts[i] = Enqueue(envelopes[i], entries[i], durable[i], enqueued);
        }

        return await Task.WhenAll(receipts);
    }

    /// <inheritdoc/>
    public Task<ulong?> FindAsync(string entryId) =>
        Task.FromResult(TryGetLeafIndex(entryId, out ulong leaf) ? leaf : (ulong?)null);

    /// <inheritdoc/>
    public Task<ulong[]> GetSubjectEntriesAsync(string subject, ulong fromIndex)
    {
        ulong[] indexed = index.SubjectEntries(subject, fromIndex);
        ulong[] unindexed = _unindexed.Count == 0 ? [] : _unindexed.SubjectEntries(subject, fromIndex);

        // Every leaf the index failed to take is above every leaf it has.
        return Task.FromResult(unindexed.Length == 0 ? indexed : [.. indexed, .. unindexed]);
    }

    /// <inheritdoc/>
    public Task<LogTreeHead> GetTreeHeadAsync() => Task.FromResult(_treeHead!);

    /// <summary>
    /// Queues an entry whose id <see cref="LookUpAsync"/> found <paramref name="durable"/> (its leaf) or not: a durable one
    /// is answered with its leaf, one in flight with its pending receipt, one already queued by this call
    /// (<paramref name="enqueued"/>) with that receipt, whether or not its write has settled meanwhile.
    /// </summary>
    private Task<LogAppendReceipt> Enqueue(EntryEnvelope envelope, byte[] entry, ulong? durable, Dictionary<string, Task<LogAppendReceipt>>? enqueued)
    {
        if (durable is { } existing)
        {
            return Task.FromResult(new LogAppendReceipt(envelope.Id, existing, _treeHead!));
        }

        if (_inFlight.TryGetValue(envelope.Id, out PendingEntry? pending))
        {
            return pending.Receipt!;
        }

        if (enqueued is not null && enqueued.TryGetValue(envelope.Id, out Task<LogAppendReceipt>? queued))
        {
            return queued;
        }

        pending = new PendingEntry(envelope, entry);
        _inFlight.Add(envelope.Id, pending);
        Task<LogAppendReceipt> receipt = Appends.Add(pending);

        // A write that completed without yielding has settled the entry (and taken it out of _inFlight) already.
        pending.Receipt = receipt;
        enqueued?.TryAdd(envelope.Id, receipt);
        return receipt;
    }

    /// <summary>Writes one batch of <see cref="Appends"/> and indexes it; each entry's receipt is its caller's answer.</summary>
    private async Task WriteBatchAsync(IReadOnlyList<PendingEntry> batch, LogAppendReceipt?[] receipts)
    {
        // Back-pressure: an index on disk that has fallen too far behind holds the next batch back until it catches up.
        await index.WaitForRoomAsync(CancellationToken.None);
        LogAppendResult result;
        try
        {
            var entries = new ReadOnlyMemory<byte>[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                entries[i] = batch[i].Entry;
            }

            result = await _writer!.AppendAsync(entries);
        }
        catch (Exception e)
        {
            // Nothing of this batch is acknowledged. The writer refuses to continue after a partial write, so the
            // queue fails everything queued too, and the next activation reopens from the checkpoint.
            LogAppendFailed(logger, e, batch.Count);
            DeactivateOnIdle();
            throw;
        }

        var treeHead = new LogTreeHead(result.TreeSize, result.Root.ToBase64(), result.Checkpoint);
        _treeHead = treeHead;
        var indexed = new IndexedLogEntry[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            ulong leaf = result.FirstIndex + (ulong)i;
            indexed[i] = new IndexedLogEntry(batch[i].Envelope.Id, [.. batch[i].Envelope.Subjects()], leaf);
            receipts[i] = new LogAppendReceipt(batch[i].Envelope.Id, leaf, treeHead);
        }

        IndexDurableBatch(indexed, new LogIndexPosition(result.TreeSize, result.Root));
        _indexSnapshots?.Added(indexed.Length);
    }

    /// <summary>
    /// Indexes a batch that is durable in the log (an index on disk answers it at once and writes it in the background).
    /// Should the index fail to take it (or have failed to write an earlier one), the batch is kept in memory
    /// (<see cref="_unindexed"/>) so that its ids are still recognised, with every later batch, and the activation goes
    /// when idle: the next one indexes them from the log. The callers' receipts stand either way.
    /// </summary>
    private void IndexDurableBatch(IndexedLogEntry[] entries, LogIndexPosition position)
    {
        if (_unindexed.Count == 0)
        {
            try
            {
                index.Add(entries, position);
                return;
            }
            catch (Exception e)
            {
                LogIndexWriteFailed(logger, e, entries.Length, position.TreeSize);
                DeactivateOnIdle();
            }
        }

        foreach (IndexedLogEntry entry in entries)
        {
            _unindexed.Add(entry.Id, entry.Subjects, entry.LeafIndex);
        }
    }

    /// <summary>The leaf of the entry with this id: the later one of the index's and of the batches it failed to take.</summary>
    private bool TryGetLeafIndex(string entryId, out ulong leafIndex) =>
        (_unindexed.Count > 0 && _unindexed.TryGetLeafIndex(entryId, out leafIndex)) || index.TryGetLeafIndex(entryId, out leafIndex);

    /// <summary>
    /// Appends are idempotent by id only for the same entry: an id that is in the log (or on its way there)
    /// with other bytes is refused, so that no caller is ever answered with the leaf of someone else's entry.
    /// An id the log has (<paramref name="durable"/>, from <see cref="LookUpAsync"/>) is compared with its entry as read back
    /// from the log (<paramref name="logged"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The id is taken by a different entry.</exception>
    private void EnsureIdIsFree(EntryEnvelope envelope, byte[] entry, ulong? durable, Dictionary<string, byte[]>? earlier, Dictionary<string, byte[]>? logged)
    {
        bool same = durable is not null ? logged![envelope.Id].AsSpan().SequenceEqual(entry)
            : _inFlight.TryGetValue(envelope.Id, out PendingEntry? pending) ? pending.Entry.AsSpan().SequenceEqual(entry)
            : earlier is null || !earlier.TryGetValue(envelope.Id, out byte[]? previous) || previous.AsSpan().SequenceEqual(entry);
        earlier?.TryAdd(envelope.Id, entry);
        if (!same)
        {
            throw new EntryIdTakenException($"The log already has a different entry with the id '{envelope.Id}'; nothing was appended.");
        }
    }

    /// <summary>
    /// Looks each id up once (the index is not asked about an id in flight, which is compared with its bytes in flight):
    /// the leaf of each id the log already has (null for one in flight or new), and the entries the log has under those
    /// ids, read back from the log (null when it has none, the usual case, which reads nothing and does not yield). After a
    /// read it looks up again, until no id became durable meanwhile, so that when it returns every id found durable has
    /// its entry here.
    /// </summary>
    private async Task<(ulong?[] Durable, Dictionary<string, byte[]>? Logged)> LookUpAsync(EntryEnvelope[] envelopes)
    {
        Dictionary<string, byte[]>? logged = null;
        while (true)
        {
            var durable = new ulong?[envelopes.Length];
            List<(string Id, ulong Index)>? unread = null;
            for (int i = 0; i < envelopes.Length; i++)
            {
                string id = envelopes[i].Id;
                if (!_inFlight.ContainsKey(id) && TryGetLeafIndex(id, out ulong leaf))
                {
                    durable[i] = leaf;
                    if (logged?.ContainsKey(id) != true)
                    {
                        (unread ??= []).Add((id, leaf));
                    }
                }
            }

            if (unread is null)
            {
                return (durable, logged);
            }

            byte[][] entries = await _reader.ReadAsync([.. unread.Select(u => u.Index)], _treeHead!.TreeSize);
            logged ??= new Dictionary<string, byte[]>(StringComparer.Ordinal);
            for (int i = 0; i < unread.Count; i++)
            {
                logged[unread[i].Id] = entries[i];
            }
        }
    }

    /// <summary>
    /// Brings the index up to the log's <paramref name="size"/> at activation: from the position it records when the log
    /// confirms it (its root at that size is the one recorded), from leaf 0 otherwise (none recorded, beyond the log, a
    /// root the log disagrees with, an index that fails while catching up). Answers how many entries it indexed.
    /// </summary>
    private async Task<ulong> IndexExistingEntriesAsync(ulong size, MerkleHash root, CancellationToken cancellationToken)
    {
        ulong from = await ConfirmedIndexPositionAsync(size, root, cancellationToken);
        try
        {
            await IndexEntriesAsync(from, size, root, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && from > 0)
        {
            LogIndexDiscarded(logger, $"catching up from {from} failed: {e.Message}");
            index.Clear();
            from = 0;
            await IndexEntriesAsync(0, size, root, cancellationToken);
        }

        return size - from;
    }

    /// <summary>The size up to which the index is confirmed by the log; 0, with the index emptied, when it is not.</summary>
    private async Task<ulong> ConfirmedIndexPositionAsync(ulong size, MerkleHash root, CancellationToken cancellationToken)
    {
        if (index.Open() is { TreeSize: > 0 } position)
        {
            if (position.TreeSize > size)
            {
                LogIndexDiscarded(logger, $"it covers {position.TreeSize} entries, the log has {size}");
            }
            else
            {
                MerkleHash logged = position.TreeSize == size
                    ? root
                    : await ProofBuilder.RootAsync(new TileNodeHashReader(store.Storage, size), position.TreeSize, cancellationToken);
                if (logged == position.Root)
                {
                    return position.TreeSize;
                }

                LogIndexDiscarded(logger, $"the log's root at size {position.TreeSize} is {logged.ToBase64()}, the index recorded {position.Root.ToBase64()}");
            }
        }

        index.Clear();
        return 0;
    }

    /// <summary>Indexes the log's entries from leaf <paramref name="from"/> to <paramref name="size"/>, a few bundles per index write.</summary>
    private async Task IndexEntriesAsync(ulong from, ulong size, MerkleHash root, CancellationToken cancellationToken)
    {
        if (from >= size)
        {
            return;
        }

        var nodes = new TileNodeHashReader(store.Storage, size);
        var pending = new List<IndexedLogEntry>();
        ulong bundles = TileLayout.TileCount(size, 0);
        for (ulong bundle = from / TileLayout.Width; bundle < bundles; bundle++)
        {
            int width = TileLayout.TileWidth(size, 0, bundle);
            string path = TilePath.Entries(bundle, width);
            byte[] bytes = await _storage!.ReadAsync(path, cancellationToken)
                ?? throw new InvalidDataException($"{path} is missing from {_storage.Location}.");
            List<ReadOnlyMemory<byte>> entries = EntryBundle.Decode(bytes);
            for (int i = 0; i < entries.Count; i++)
            {
                ulong leaf = (bundle * TileLayout.Width) + (ulong)i;
                if (leaf >= from)
                {
                    EntryEnvelope envelope = EntryEnvelope.Read(entries[i].Span);
                    pending.Add(new IndexedLogEntry(envelope.Id, [.. envelope.Subjects()], leaf));
                }
            }

            if ((bundle + 1) % BundlesPerCatchUpWrite == 0 || bundle + 1 == bundles)
            {
                ulong end = (bundle * TileLayout.Width) + (ulong)width;
                MerkleHash endRoot = end == size ? root : await ProofBuilder.RootAsync(nodes, end, cancellationToken);
                await index.WaitForRoomAsync(cancellationToken);
                index.Add(pending, new LogIndexPosition(end, endRoot));
                pending.Clear();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the log {Origin} in {Location}")]
    private static partial void LogCreated(ILogger logger, string origin, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the log {Origin} at size {Size} in {Location}; indexed its last {Indexed} entries")]
    private static partial void LogOpened(ILogger logger, string origin, ulong size, string location, ulong indexed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discarded the sequencer's index, rebuilding it from the log: {Reason}")]
    private static partial void LogIndexDiscarded(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Indexing a durable batch of {Count} entries (log size {TreeSize}) failed; they are kept in memory and the sequencer restarts when idle to index them from the log")]
    private static partial void LogIndexWriteFailed(ILogger logger, Exception exception, int count, ulong treeSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The log's sequencer was deactivated ({Reason}) with {Count} appends not yet durable; they were failed")]
    private static partial void LogDeactivatedWithPending(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Appending a batch of {Count} entries failed; nothing of it was acknowledged")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, int count);

    private sealed class PendingEntry(EntryEnvelope envelope, byte[] entry)
    {
        public EntryEnvelope Envelope { get; } = envelope;

        public byte[] Entry { get; } = entry;

        /// <summary>Its answer from <see cref="Appends"/>, which an append of the same entry while it is in flight waits for too.</summary>
        public Task<LogAppendReceipt>? Receipt { get; set; }
    }
}
