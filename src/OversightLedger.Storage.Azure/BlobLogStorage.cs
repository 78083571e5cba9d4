using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Storage.Azure;

/// <summary>
/// A log in one Azure Blob Storage container, in the tlog-tiles layout (<c>checkpoint</c>,
/// <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c>, <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>: the same paths as on
/// disk), written so that two writers (two silos) can never fork it:
/// <list type="bullet">
/// <item>every tile and entry bundle is created only if absent (<c>If-None-Match: *</c>); when one exists, identical
/// bytes are accepted (an idempotent retry), and different bytes under the current checkpoint are refused with a
/// <see cref="LogForkException"/>;</item>
/// <item>different bytes that no checkpoint covers are the leftovers of a commit that never published its checkpoint
/// (or one still in flight): they are replaced only after this writer has touched the checkpoint conditionally on the
/// version it holds, which makes every other in-flight commit's checkpoint write fail;</item>
/// <item>the checkpoint is written last, only if it is still the version this writer read or last wrote
/// (<c>If-Match</c>, or <c>If-None-Match: *</c> for a new log); otherwise <see cref="LogCheckpointConflictException"/>.</item>
/// </list>
/// The version a commit is conditional on is the checkpoint's ETag as first read through this instance (while it holds
/// none) or as written by its last commit; a failed commit forgets it. So a writer reads the checkpoint it opens from
/// through its own instance, and readers that serve the log use another one.
/// </summary>
public sealed class BlobLogStorage : ILogStorage
{
    private const int MaxAttemptsPerTile = 4;
    private const string FenceMetadataKey = "fence";
    private readonly BlobContainerClient _container;
    private readonly BlobClient _checkpoint;
    private readonly int _maxParallelUploads;
    private readonly Lock _versionLock = new();
    private bool _holdsVersion;
    private ETag? _heldVersion;
    private Task? _containerCreated;

    /// <summary>A log in the container named by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The connection string or container name is missing.</exception>
    public BlobLogStorage(BlobLogStorageOptions options)
        : this(CreateContainerClient(options), options.MaxParallelUploads)
    {
    }

    /// <summary>A log in <paramref name="container"/> (any credential), uploading up to <paramref name="maxParallelUploads"/> tiles at once.</summary>
    public BlobLogStorage(BlobContainerClient container, int maxParallelUploads = 8)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelUploads, 1);
        _container = container;
        _checkpoint = container.GetBlobClient(TilePath.Checkpoint);
        _maxParallelUploads = maxParallelUploads;
        Location = new UriBuilder(container.Uri) { Query = "" }.Uri.AbsoluteUri;
    }

    /// <inheritdoc/>
    /// <remarks>The container's URL, without any SAS token.</remarks>
    public string Location { get; }

    /// <inheritdoc/>
    /// <remarks>A missing blob or container reads as null, as a missing file does in <see cref="FileSystemLogStorage"/>.</remarks>
    public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        BlobClient blob = Blob(path);
        (byte[]? bytes, ETag version) = await BlobOperations.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        if (path == TilePath.Checkpoint)
        {
            HoldVersionIfNone(bytes is null ? null : version);
        }

        return bytes;
    }

    /// <inheritdoc/>
    /// <exception cref="LogForkException">A tile under the current checkpoint holds other bytes (nothing of it was changed).</exception>
    /// <exception cref="LogCheckpointConflictException">Another writer moved the checkpoint; reopen from the current one.</exception>
    public async Task CommitAsync(IReadOnlyCollection<TileFile> tiles, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        await BlobOperations.EnsureCreatedAsync(_container, ref _containerCreated, cancellationToken).ConfigureAwait(false);
        var commit = new CommitVersion(TakeHeldVersion());
        try
        {
            Task uploads = Parallel.ForEachAsync(
                tiles,
                new ParallelOptions { MaxDegreeOfParallelism = _maxParallelUploads, CancellationToken = cancellationToken },
                async (tile, ct) => await UploadTileAsync(tile, commit, ct).ConfigureAwait(false));
            await WhenAllUploadedAsync(uploads).ConfigureAwait(false);
            ETag written = await PublishCheckpointAsync(checkpoint, commit.Version, cancellationToken).ConfigureAwait(false);
            HoldVersion(written);
        }
        catch
        {
            ForgetVersion();
            throw;
        }
    }

    /// <summary>Awaits the uploads; when several failed, a conflict (the reason the others were cancelled) is the one thrown.</summary>
    private static async Task WhenAllUploadedAsync(Task uploads)
    {
        try
        {
            await uploads.ConfigureAwait(false);
        }
        catch when (uploads.Exception?.InnerExceptions.OfType<LogConflictException>().FirstOrDefault() is { } conflict)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(conflict);
        }
    }

    /// <summary>Creates the tile, or accepts identical stored bytes, or replaces a leftover no checkpoint covers.</summary>
    private async Task UploadTileAsync(TileFile tile, CommitVersion commit, CancellationToken cancellationToken)
    {
        BlobClient blob = Blob(tile.Path);
        var conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
        for (int attempt = 0; attempt < MaxAttemptsPerTile; attempt++)
        {
            if (await TryUploadAsync(blob, tile.Data, conditions, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            (byte[]? stored, ETag storedVersion) = await BlobOperations.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
                continue;
            }

            if (stored.AsSpan().SequenceEqual(tile.Data))
            {
                return;
            }

            await FenceOutOtherCommitsAsync(tile, commit, cancellationToken).ConfigureAwait(false);
            conditions = new BlobRequestConditions { IfMatch = storedVersion };
        }

        throw new LogCheckpointConflictException($"{tile.Path} in {Location} kept changing while this writer uploaded it: another writer is writing the log.");
    }

    /// <summary>
    /// Called when <paramref name="tile"/>'s path holds other bytes. Refuses when the current checkpoint covers the
    /// path (a fork) or is not the version this commit holds (another writer committed). Otherwise the stored tile is
    /// a leftover of a commit that has not published its checkpoint: touching the checkpoint on the held version
    /// changes its ETag, so that commit's checkpoint write can no longer succeed, and this commit now holds the new ETag.
    /// </summary>
    private async Task FenceOutOtherCommitsAsync(TileFile tile, CommitVersion commit, CancellationToken cancellationToken)
    {
        await commit.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (byte[]? current, ETag currentVersion) = await BlobOperations.DownloadAsync(_checkpoint, cancellationToken).ConfigureAwait(false);
            if (current is not null)
            {
                ulong size = CheckpointSize(current);
                if (Covers(size, tile.Address))
                {
                    throw new LogForkException(tile.Path, $"{tile.Path} in {Location} already holds other bytes under the checkpoint of size {size}: refusing to fork the log.");
                }
            }

            if (current is null || commit.Version != currentVersion)
            {
                throw new LogCheckpointConflictException($"The checkpoint in {Location} changed since this writer read or wrote it: another writer committed first.");
            }

            try
            {
                Response<BlobInfo> touched = await _checkpoint.SetMetadataAsync(
                    new Dictionary<string, string>(StringComparer.Ordinal) { [FenceMetadataKey] = Guid.NewGuid().ToString("N") },
                    new BlobRequestConditions { IfMatch = currentVersion },
                    cancellationToken).ConfigureAwait(false);
                commit.Version = touched.Value.ETag;
            }
            catch (RequestFailedException e) when (IsConditionFailure(e) || e.Status == 404)
            {
                throw new LogCheckpointConflictException($"The checkpoint in {Location} changed while this writer fenced out a leftover {tile.Path}: another writer committed first.", e);
            }
        }
        finally
        {
            commit.Gate.Release();
        }
    }

    /// <summary>Writes the checkpoint if it is still the held version; an identical stored checkpoint (a retried write) counts as written.</summary>
    private async Task<ETag> PublishCheckpointAsync(ReadOnlyMemory<byte> checkpoint, ETag? heldVersion, CancellationToken cancellationToken)
    {
        var conditions = heldVersion is ETag version
            ? new BlobRequestConditions { IfMatch = version }
            : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            Response<BlobContentInfo> written = await _checkpoint.UploadAsync(
                BinaryData.FromBytes(checkpoint),
                new BlobUploadOptions { Conditions = conditions },
                cancellationToken).ConfigureAwait(false);
            return written.Value.ETag;
        }
        catch (RequestFailedException e) when (IsConditionFailure(e))
        {
            (byte[]? stored, ETag storedVersion) = await BlobOperations.DownloadAsync(_checkpoint, cancellationToken).ConfigureAwait(false);
            if (stored is not null && stored.AsSpan().SequenceEqual(checkpoint.Span))
            {
                return storedVersion;
            }

            throw new LogCheckpointConflictException(
                $"The checkpoint in {Location} changed since this writer read or wrote it: another writer committed first. Reopen the log from the current checkpoint.", e);
        }
    }

    /// <summary>Uploads <paramref name="data"/> under <paramref name="conditions"/>; false when the condition failed.</summary>
    private static async Task<bool> TryUploadAsync(BlobClient blob, byte[] data, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(data), new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (IsConditionFailure(e))
        {
            return false;
        }
    }

    /// <summary>409 BlobAlreadyExists (If-None-Match: * on an existing blob) or 412 ConditionNotMet (If-Match on a changed one).</summary>
    private static bool IsConditionFailure(RequestFailedException e) =>
        e.Status == 412 || (e.Status == 409 && e.ErrorCode == BlobErrorCode.BlobAlreadyExists);

    /// <summary>Whether the tree of <paramref name="size"/> leaves contains the tile at <paramref name="address"/> (as it is or as an older partial).</summary>
    private static bool Covers(ulong size, TileAddress address)
    {
        ulong hashes = TileLayout.HashesAtTileLevel(size, address.IsEntryBundle ? 0 : address.Level);
        ulong fullTiles = hashes / TileLayout.Width;
        return address.Index < fullTiles || (address.Index == fullTiles && (int)(hashes % TileLayout.Width) >= address.Width);
    }

    /// <summary>The tree size of a stored checkpoint note (its signatures are the reader's business, not storage's).</summary>
    private ulong CheckpointSize(byte[] note)
    {
        string text = Encoding.UTF8.GetString(note);
        int signatures = text.IndexOf("\n\n", StringComparison.Ordinal);
        try
        {
            return Checkpoint.Parse(signatures < 0 ? text : text[..(signatures + 1)]).Size;
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The checkpoint in {Location} is not a checkpoint: {e.Message}", e);
        }
    }

    private BlobClient Blob(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a path inside the log.", nameof(path));
        }

        return path == TilePath.Checkpoint ? _checkpoint : _container.GetBlobClient(path);
    }

    private void HoldVersionIfNone(ETag? version)
    {
        lock (_versionLock)
        {
            if (!_holdsVersion)
            {
                (_holdsVersion, _heldVersion) = (true, version);
            }
        }
    }

    private void HoldVersion(ETag version)
    {
        lock (_versionLock)
        {
            (_holdsVersion, _heldVersion) = (true, version);
        }
    }

    private void ForgetVersion()
    {
        lock (_versionLock)
        {
            (_holdsVersion, _heldVersion) = (false, null);
        }
    }

    /// <summary>The version a commit is conditional on: the held ETag, or null (create only) when there is none.</summary>
    private ETag? TakeHeldVersion()
    {
        lock (_versionLock)
        {
            return _holdsVersion ? _heldVersion : null;
        }
    }

    private static BlobContainerClient CreateContainerClient(BlobLogStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ContainerName, nameof(options));
        return new BlobContainerClient(options.ConnectionString, options.ContainerName);
    }

    /// <summary>The checkpoint version one commit holds, which fencing a leftover tile moves forward.</summary>
    private sealed class CommitVersion(ETag? version)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ETag? Version { get; set; } = version;
    }
}
