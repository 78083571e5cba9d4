namespace OversightLedger.Grains.Snapshots;

/// <summary>
/// Where the ledger grains keep their state snapshots (<see cref="GrainSnapshot"/>): one per grain, by name, replaced
/// whole. The embedded profile keeps them as files under the data directory (<c>Storage.Posix/FileSystemGrainSnapshotStore</c>),
/// the azure profile as blobs. A snapshot is only ever a cache of the log: losing one costs a longer replay, nothing else.
/// </summary>
public interface IGrainSnapshotStore
{
    /// <summary>The snapshot stored under <paramref name="name"/>, or null when there is none.</summary>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the snapshot under <paramref name="name"/> atomically: a crash at any moment leaves the previous one whole
    /// (or none), never part of the new one.
    /// </summary>
    Task WriteAsync(string name, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the snapshot under <paramref name="name"/> with what <paramref name="writeContent"/> writes to the stream it
    /// is given, as <see cref="WriteAsync"/> does (atomically), but streamed: the store never needs the whole content in
    /// memory (a program's base is ~100 MB at a million beneficiaries). If <paramref name="writeContent"/> throws, nothing
    /// is replaced and the exception comes out of this call.
    /// </summary>
    Task WriteStreamedAsync(string name, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken = default);
}
