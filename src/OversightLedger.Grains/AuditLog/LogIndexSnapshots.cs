using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// Snapshots of the sequencer's index in memory (issue 17): the azure profile's, in blob storage, and the embedded
/// profile's with <c>Log:IndexOnDisk</c> off, under the data directory — through the grains' snapshot store
/// (<see cref="IGrainSnapshotStore"/>), as a <see cref="GrainSnapshot"/> of kind <see cref="Kind"/> named by the log's
/// origin, whose body is a <see cref="SnapshottedLogIndex"/>. At activation the sequencer restores the index from it
/// (<see cref="RestoreAsync"/>) and then checks its position against the log like any index's; while it runs, a snapshot
/// is written in the background on <see cref="GrainSnapshotOptions"/>' schedule: after a number of entries tied to the
/// last snapshot's size, once the sequencer has been quiet for a while, or after a time. One at a time; the sequencer's
/// turn only swaps the newest entries out (<see cref="InMemoryLogEntryIndex.BeginSnapshot"/>), the merge, encoding and
/// upload run on the thread pool.
/// </summary>
internal sealed partial class LogIndexSnapshots
{
    /// <summary>The snapshots' kind.</summary>
    public const string Kind = "sequencer-index";

    private readonly InMemoryLogEntryIndex _index;
    private readonly IGrainSnapshotStore _store;
    private readonly GrainSnapshotOptions _options;
    private readonly string _origin;
    private readonly ILogger<LogIndexSnapshots> _logger;
    private readonly SnapshotPacing _pacing;
    private long _lastSize;

    private LogIndexSnapshots(InMemoryLogEntryIndex index, IGrainSnapshotStore store, GrainSnapshotOptions options, string origin, TimeProvider time, ILogger<LogIndexSnapshots> logger)
    {
        _index = index;
        _store = store;
        _options = options;
        _origin = origin;
        _logger = logger;
        _pacing = new SnapshotPacing(options, () => _options.EntriesBetween(_lastSize), writesWhenIdle: true, pending: 0, WriteAsync, e => LogWriteFailed(_logger, e), time);
    }

    /// <summary>The snapshot being written, or null. Never fails: a failure is logged.</summary>
    public Task? Running => _pacing.Running;

    /// <summary>
    /// Snapshots of <paramref name="index"/> for the log <paramref name="origin"/>, when it is kept in memory and the silo
    /// has a snapshot store with snapshots enabled; null otherwise (an index on disk records its own position).
    /// </summary>
    public static LogIndexSnapshots? For(ILogEntryIndex index, IServiceProvider services, string origin)
    {
        ArgumentNullException.ThrowIfNull(services);
        GrainSnapshotOptions options = services.GetRequiredService<IOptions<GrainSnapshotOptions>>().Value;
        return index is InMemoryLogEntryIndex memory && options.Enabled && services.GetService<IGrainSnapshotStore>() is { } store
            ? new LogIndexSnapshots(memory, store, options, origin, services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILogger<LogIndexSnapshots>>())
            : null;
    }

    /// <summary>
    /// Restores the index from its stored snapshot, decoded off the sequencer's turn; a snapshot that cannot be read, is
    /// damaged or is another log's is discarded with a warning and the index left empty. Whether the log agrees with the
    /// snapshot's position is the sequencer's check, made next (<see cref="ILogEntryIndex.Open"/>).
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        byte[]? bytes;
        try
        {
            bytes = await _store.ReadAsync(GrainSnapshot.NameOf(Kind, _origin), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            LogDiscarded(_logger, $"it cannot be read: {e.Message}");
            return;
        }

        if (bytes is null)
        {
            return;
        }

        try
        {
            (GrainSnapshot envelope, SnapshottedLogIndex restored) = await Task.Run(() => Decode(bytes), cancellationToken);
            _index.Restore(restored, new LogIndexPosition(envelope.TreeSize, envelope.Root));
            _lastSize = bytes.Length;
            LogRestored(_logger, envelope.TreeSize, restored.Ids.Count, bytes.Length, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (InvalidDataException e)
        {
            LogDiscarded(_logger, e.Message);
        }
    }

    /// <summary>Counts <paramref name="count"/> entries the index took; starts a snapshot when one is due. On the sequencer's turn.</summary>
    public void Added(long count) => _pacing.Counted(count);

    /// <summary>The envelope and the index a stored snapshot holds.</summary>
    /// <exception cref="InvalidDataException">It is damaged, of another format, or another log's.</exception>
    internal (GrainSnapshot Envelope, SnapshottedLogIndex Index) Decode(byte[] bytes)
    {
        GrainSnapshot envelope = GrainSnapshot.Decode(bytes);
        if (envelope.Kind != Kind || envelope.Id != _origin)
        {
            throw new InvalidDataException($"it is the snapshot of {envelope.Kind} '{envelope.Id}'");
        }

        return (envelope, SnapshottedLogIndex.Decode(envelope.Body, envelope.TreeSize));
    }

    /// <summary>Writes a snapshot of the index (false: nothing new to write), on the sequencer's turn but for the merge, encoding and upload.</summary>
    private async Task<bool> WriteAsync()
    {
        if (_index.BeginSnapshot() is not { } capture)
        {
            return false;
        }

        SnapshottedLogIndex? merged = null;
        try
        {
            byte[] encoded;
            (merged, encoded) = await Task.Run(() =>
            {
                SnapshottedLogIndex index = capture.Merge();
                return (index, new GrainSnapshot(Kind, _origin, capture.Position.TreeSize, capture.Position.Root, index.Encode()).Encode());
            });
            await _store.WriteAsync(GrainSnapshot.NameOf(Kind, _origin), encoded);
            _lastSize = encoded.Length;
            LogWritten(_logger, capture.Position.TreeSize, merged.Ids.Count, encoded.Length);
            return true;
        }
        finally
        {
            // Merged or not, written or not: on the sequencer's turn, the merge replaces what it was made of.
            _index.EndSnapshot(capture, merged);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discarded the snapshot of the sequencer's index, indexing the whole log: {Reason}")]
    private static partial void LogDiscarded(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored the sequencer's index from its snapshot at log size {Position} ({Ids} ids, {Bytes} bytes) in {Milliseconds} ms")]
    private static partial void LogRestored(ILogger logger, ulong position, int ids, int bytes, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the snapshot of the sequencer's index at log size {Position} ({Ids} ids, {Bytes} bytes)")]
    private static partial void LogWritten(ILogger logger, ulong position, int ids, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the snapshot of the sequencer's index failed; the next one will be tried later")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
