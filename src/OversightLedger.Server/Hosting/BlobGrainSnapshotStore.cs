using OversightLedger.Grains.Snapshots;
using OversightLedger.Storage.Azure;

namespace OversightLedger.Server.Hosting;

/// <summary>The grains' snapshot store in the azure profile, on <see cref="BlobSnapshotStore"/> (which knows no grain types).</summary>
internal sealed class BlobGrainSnapshotStore(BlobSnapshotStore blobs) : IGrainSnapshotStore
{
    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default) => blobs.ReadAsync(name, cancellationToken);

    public Task WriteAsync(string name, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default) => blobs.WriteAsync(name, snapshot, cancellationToken);

    public Task WriteStreamedAsync(string name, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken = default) =>
        blobs.WriteStreamedAsync(name, writeContent, cancellationToken);
}
