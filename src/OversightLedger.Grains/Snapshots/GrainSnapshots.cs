using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Grains.Snapshots;

/// <summary>
/// Restores ledger grains from their state snapshots and writes new ones (issue 17). A snapshot names the log position it
/// was taken at (tree size and root); it is used only when the log agrees — its root at that size is the snapshot's, the
/// size is not beyond the log, the checksum, format and body are sound — and otherwise discarded with a warning, the grain
/// then replaying its whole history: the log stays the truth.
/// </summary>
public sealed partial class GrainSnapshots(
    IGrainSnapshotStore store, IGrainFactory grains, AuditLogStore log, LogEntryReader reader, IOptions<GrainSnapshotOptions> options, TimeProvider time, ILogger<GrainSnapshots> logger)
{
    private readonly ConcurrentDictionary<string, long> _sizes = new(StringComparer.Ordinal);

    /// <summary>When snapshots are written.</summary>
    public GrainSnapshotOptions Options => options.Value;

    /// <summary>
    /// The size in bytes of the grain's last snapshot restored or written in this silo (0: none known), as it paces the
    /// next one: a program's (log-backed: its snapshot holds the changes since its stored base, which grow with the base)
    /// no larger than <see cref="GrainSnapshotOptions.ProgramEntriesBetween"/> entries' worth
    /// (<see cref="GrainSnapshotOptions.ProgramPacingBytes"/>), so its restart's tail stays short however large it grows.
    /// </summary>
    internal long LastSize(string kind, string id)
    {
        long size = _sizes.GetValueOrDefault(GrainSnapshot.NameOf(kind, id));
        return kind == BeneficiaryProgram.SnapshotKind ? Options.ProgramPacingBytes(size) : size;
    }

    private IAuditLogGrain Sequencer => grains.GetGrain<IAuditLogGrain>(log.Origin);

    /// <summary>
    /// The grain's latest usable snapshot, restored with <paramref name="restore"/>, and its entries after the snapshot's
    /// position (all of them when there is no usable snapshot).
    /// </summary>
    public Task<GrainRestore<TState>> RestoreAsync<TState>(string kind, string id, string subject, Func<byte[], TState> restore)
        where TState : class
    {
        ArgumentNullException.ThrowIfNull(restore);
        return RestoreAsync(kind, id, subject, body => Task.FromResult(restore(body)));
    }

    /// <summary>
    /// <see cref="RestoreAsync{TState}(string, string, string, Func{byte[], TState})"/> with a restore that reads more
    /// from the store (a program's base); it runs on the thread pool and throws <see cref="InvalidDataException"/> to
    /// have the snapshot discarded.
    /// </summary>
    public async Task<GrainRestore<TState>> RestoreAsync<TState>(string kind, string id, string subject, Func<byte[], Task<TState>> restore)
        where TState : class
    {
        ArgumentNullException.ThrowIfNull(restore);
        long started = Stopwatch.GetTimestamp();
        (GrainSnapshot? snapshot, int size) = Options.Enabled ? await OpenAsync(kind, id) : (null, 0);
        ulong position = snapshot?.TreeSize ?? 0;

        // The state is decoded on the thread pool while the tail is read and parsed: neither needs the other.
        Task<TState>? restoring = snapshot is null ? null : Task.Run(() => restore(snapshot.Body));
        Task<ParsedLogEntry[]> reading = ReadTailAsync(subject, position);
        TState? state = null;
        TimeSpan loading = TimeSpan.Zero;
        if (restoring is not null)
        {
            try
            {
                state = await restoring;
                loading = Stopwatch.GetElapsedTime(started);
                _sizes[GrainSnapshot.NameOf(kind, id)] = size;
            }
            catch (InvalidDataException e)
            {
                LogDiscarded(logger, kind, id, e.Message);
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
                position = 0;
                reading = ReadTailAsync(subject, 0);
            }
        }

        ParsedLogEntry[] tail = await reading;
        TimeSpan read = Stopwatch.GetElapsedTime(started);
        if (state is not null)
        {
            LogRestored(logger, kind, id, position, (long)loading.TotalMilliseconds, tail.Length, (long)read.TotalMilliseconds);
        }

        return new GrainRestore<TState>(state, position, tail);
    }

    /// <summary>
    /// The grain's entries at or after <paramref name="from"/> in the current tree, read and parsed off the grain's turn: the
    /// leaves are split into contiguous runs, one per core, each read from the entry bundles and parsed on a thread of the
    /// pool, so a long tail costs the activation its share of the cores rather than one thread's time.
    /// </summary>
    internal async Task<ParsedLogEntry[]> ReadTailAsync(string subject, ulong from)
    {
        ulong[] leaves = await Sequencer.GetSubjectEntriesAsync(subject, from);
        if (leaves.Length == 0)
        {
            return [];
        }

        LogTreeHead head = await Sequencer.GetTreeHeadAsync();
        return await ReadParsedAsync(leaves, head.TreeSize);
    }

    /// <summary>The entries at <paramref name="leaves"/> (ascending) of the tree of <paramref name="treeSize"/> entries, parsed, read in parallel runs off the grain's turn.</summary>
    internal async Task<ParsedLogEntry[]> ReadParsedAsync(ulong[] leaves, ulong treeSize)
    {
        const int MinimumRun = 4096; // below this, one run: a thread hand-off costs more than it saves
        int runs = Math.Clamp(leaves.Length / MinimumRun, 1, Math.Max(1, Environment.ProcessorCount));
        var parsed = new ParsedLogEntry[leaves.Length];
        int length = (leaves.Length + runs - 1) / runs;
        var work = new Task[runs];
        for (int run = 0; run < runs; run++)
        {
            int start = run * length;
            int end = Math.Min(leaves.Length, start + length);
            work[run] = Task.Run(async () =>
            {
                var slice = new ArraySegment<ulong>(leaves, start, end - start);
                byte[][] entries = await ReadEntriesAsync(slice, treeSize).ConfigureAwait(false);
                for (int i = 0; i < entries.Length; i++)
                {
                    parsed[start + i] = ParsedLogEntry.Parse(slice[i], entries[i]);
                }
            });
        }

        await Task.WhenAll(work);
        return parsed;
    }

    /// <summary>
    /// The entries at <paramref name="leaves"/> (ascending) of the tree of <paramref name="treeSize"/> entries. Those in
    /// tiles full at that size are read from their full bundles, which never change; those in its last, partial tile
    /// from a partial bundle, which the log drops once that tile is full (JournaledLogStorage): when the log has grown
    /// past it meanwhile — under load, within milliseconds — they are read from the full tile. Without this a
    /// busy grain's snapshot failed whenever its tail reached the log's last tile, and the grain kept every entry since
    /// its last snapshot in memory (docs/BENCHMARKS.md, "Issue 17: memory of the server that writes the log").
    /// </summary>
    private async Task<byte[][]> ReadEntriesAsync(ArraySegment<ulong> leaves, ulong treeSize)
    {
        ulong fullBelow = treeSize - (treeSize % TileLayout.Width);
        int inFullTiles = 0;
        while (inFullTiles < leaves.Count && leaves[inFullTiles] < fullBelow)
        {
            inFullTiles++;
        }

        if (inFullTiles == leaves.Count)
        {
            return await reader.ReadAsync(leaves, treeSize).ConfigureAwait(false);
        }

        byte[][] entries = inFullTiles == 0 ? [] : await reader.ReadAsync(leaves[..inFullTiles], treeSize).ConfigureAwait(false);
        byte[][] last = await ReadFromLastTileAsync(leaves[inFullTiles..], treeSize).ConfigureAwait(false);
        return [.. entries, .. last];
    }

    /// <summary>
    /// Entries of the last tile at <paramref name="treeSize"/> (all in one tile). When its partial bundle has gone, the
    /// tile is read whole (a full bundle holds the same entries), else again at the log's size now, a few times.
    /// </summary>
    private async Task<byte[][]> ReadFromLastTileAsync(ArraySegment<ulong> leaves, ulong treeSize)
    {
        const int Tries = 10;
        ulong tileEnd = ((leaves[0] / TileLayout.Width) + 1) * TileLayout.Width;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await reader.ReadAsync(leaves, treeSize).ConfigureAwait(false);
            }
            catch (InvalidDataException) when (attempt < Tries)
            {
                try
                {
                    return await reader.ReadAsync(leaves, tileEnd).ConfigureAwait(false);
                }
                catch (InvalidDataException)
                {
                    // Neither the partial nor the full bundle (yet): wait a little for the log's writer.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), time).ConfigureAwait(false);
                treeSize = Math.Max(treeSize, (await Sequencer.GetTreeHeadAsync()).TreeSize);
            }
        }
    }

    /// <summary>A schedule of snapshots for one activation that restored at <paramref name="position"/> and replayed <paramref name="replayed"/> entries after it.</summary>
    internal GrainSnapshotSchedule Schedule(string kind, string id, string subject, ulong position, long replayed, Func<LedgerEntry, bool> hasApplied, Func<byte[]> capture) =>
        new(this, kind, id, subject, position, replayed, hasApplied, _ => capture(), taken: null, time);

    /// <summary>
    /// A schedule whose capture is given the snapshot's position, and which tells <paramref name="taken"/> the position of
    /// each snapshot once it is written (the state may then let go of what the snapshot holds below it).
    /// </summary>
    internal GrainSnapshotSchedule Schedule(
        string kind, string id, string subject, ulong position, long replayed, Func<LedgerEntry, bool> hasApplied, Func<ulong, byte[]> capture, Action<ulong> taken) =>
        new(this, kind, id, subject, position, replayed, hasApplied, capture, taken, time);

    /// <summary>
    /// Writes a snapshot of the grain's state and returns its position: the log's size now, or the first of the grain's
    /// entries since <paramref name="from"/> that the state has not applied yet (an append whose commit on this grain is
    /// still on its way), so the snapshot never claims an entry it lacks. Must run on the grain's turn: between checking
    /// the entries and <paramref name="capture"/> nothing awaits, so nothing is applied in between.
    /// </summary>
    internal async Task<ulong> TakeAsync(string kind, string id, string subject, ulong from, Func<LedgerEntry, bool> hasApplied, Func<ulong, byte[]> capture)
    {
        LogTreeHead head = await Sequencer.GetTreeHeadAsync();
        ulong size = head.TreeSize;
        ulong[] leaves = [.. (await Sequencer.GetSubjectEntriesAsync(subject, from)).Where(leaf => leaf < size)];
        ParsedLogEntry[] parsed = leaves.Length == 0 ? [] : await ReadParsedAsync(leaves, size);

        // From here to the capture, no await: the state cannot change in between.
        ulong position = size;
        for (int i = 0; i < parsed.Length; i++)
        {
            if (parsed[i].Entry is { } entry && !hasApplied(entry))
            {
                position = leaves[i];
                break;
            }
        }

        byte[] body = capture(position);
        MerkleHash root = await RootAtAsync(position, size);
        Task writing = EncodeAndWriteAsync(kind, id, position, root, body);
        body = [];
        await writing;
        return position;
    }

    /// <summary>
    /// The grain's latest usable snapshot, restored with <paramref name="restore"/>, and its position; (null, 0) when there
    /// is none or it disagrees with the log. For a grain that reads the whole log rather than its subject's entries (a
    /// watchdog): it reads the tail itself.
    /// </summary>
    internal async Task<(TState? State, ulong Position)> RestoreStateAsync<TState>(string kind, string id, Func<byte[], TState> restore)
        where TState : class
    {
        (GrainSnapshot? snapshot, int size) = Options.Enabled ? await OpenAsync(kind, id) : (null, 0);
        if (snapshot is null)
        {
            return (null, 0);
        }

        try
        {
            TState state = restore(snapshot.Body);
            _sizes[GrainSnapshot.NameOf(kind, id)] = size;
            return (state, snapshot.TreeSize);
        }
        catch (InvalidDataException e)
        {
            LogDiscarded(logger, kind, id, e.Message);
            return (null, 0);
        }
    }

    /// <summary>
    /// Writes a snapshot of a grain whose state holds exactly the log's leaves below <paramref name="position"/> (a watchdog
    /// reads the log in order): named with the log's root at that size.
    /// </summary>
    internal async Task WriteAtAsync(string kind, string id, ulong position, byte[] body)
    {
        LogTreeHead head = await Sequencer.GetTreeHeadAsync();
        MerkleHash root = await RootAtAsync(position, head.TreeSize);
        Task writing = EncodeAndWriteAsync(kind, id, position, root, body);
        body = [];
        await writing;
    }

    /// <summary>
    /// Encodes the snapshot off the grain's turn and stores it. The body is let go once it is encoded (the callers drop
    /// theirs once this has started): while the store writes, this holds one copy of a snapshot that may run to ~100 MB,
    /// not two.
    /// </summary>
    private async Task EncodeAndWriteAsync(string kind, string id, ulong position, MerkleHash root, byte[] body)
    {
        var snapshot = new GrainSnapshot(kind, id, position, root, body);
        body = [];
        byte[] encoded = await Task.Run(snapshot.Encode);
        snapshot = null;
        await store.WriteAsync(GrainSnapshot.NameOf(kind, id), encoded);
        _sizes[GrainSnapshot.NameOf(kind, id)] = encoded.Length;
        LogWritten(logger, kind, id, position, encoded.Length);
    }

    /// <summary>Logs that a grain's snapshot was discarded (for a check its grain makes beyond the log's).</summary>
    internal void Discarded(string kind, string id, string reason) => LogDiscarded(logger, kind, id, reason);

    /// <summary>The grain's stored snapshot and its size in bytes, once it reads whole and the log agrees with it; null (and a warning) otherwise.</summary>
    private async Task<(GrainSnapshot? Snapshot, int Bytes)> OpenAsync(string kind, string id)
    {
        byte[]? bytes;
        try
        {
            bytes = await store.ReadAsync(GrainSnapshot.NameOf(kind, id));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogDiscarded(logger, kind, id, $"it cannot be read: {e.Message}");
            return (null, 0);
        }

        if (bytes is null)
        {
            return (null, 0);
        }

        try
        {
            GrainSnapshot snapshot = GrainSnapshot.Decode(bytes);
            if (snapshot.Kind != kind || snapshot.Id != id)
            {
                throw new InvalidDataException($"it is the snapshot of {snapshot.Kind} '{snapshot.Id}'");
            }

            LogTreeHead head = await Sequencer.GetTreeHeadAsync();
            if (snapshot.TreeSize > head.TreeSize)
            {
                throw new InvalidDataException($"it was taken at size {snapshot.TreeSize}, beyond the log's {head.TreeSize}");
            }

            MerkleHash root = await RootAtAsync(snapshot.TreeSize, head.TreeSize);
            if (root != snapshot.Root)
            {
                throw new InvalidDataException($"the log's root at size {snapshot.TreeSize} is {root.ToBase64()}, the snapshot names {snapshot.Root.ToBase64()}");
            }

            return (snapshot, bytes.Length);
        }
        catch (InvalidDataException e)
        {
            LogDiscarded(logger, kind, id, e.Message);
            return (null, 0);
        }
    }

    private async Task<MerkleHash> RootAtAsync(ulong size, ulong treeSize) =>
        await ProofBuilder.RootAsync(new TileNodeHashReader(log.Storage, treeSize), size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discarded the snapshot of {Kind} {Id}, replaying its whole history from the log: {Reason}")]
    private static partial void LogDiscarded(ILogger logger, string kind, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Kind} {Id} from its snapshot at log size {Position} in {LoadMs} ms; read and parsed its {Replayed} entries after it in {TailMs} ms, to replay")]
    private static partial void LogRestored(ILogger logger, string kind, string id, ulong position, long loadMs, int replayed, long tailMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the snapshot of {Kind} {Id} at log size {Position} ({Bytes} bytes)")]
    private static partial void LogWritten(ILogger logger, string kind, string id, ulong position, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the snapshot of {Kind} {Id} failed; the next one will be tried later")]
    internal static partial void LogWriteFailed(ILogger logger, Exception exception, string kind, string id);

    /// <summary>The logger, for the schedule's failures.</summary>
    internal ILogger Logger => logger;

    /// <summary>The store the snapshots are kept in; the program grain keeps its closed periods' totals beside them.</summary>
    internal IGrainSnapshotStore Store => store;
}
