using OversightLedger.Grains.AuditLog;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>The log as an auditor reads it: the signed checkpoint and the tiles in the log directory, with no silo involved.</summary>
public sealed class LedgerLogFiles(AuditLogStore store)
{
    private readonly LogEntryReader _reader = new(store);

    /// <summary>The checkpoint on disk, opened with the log's verifier key (its signature is checked).</summary>
    public async Task<SignedCheckpoint> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        byte[] note = await store.Storage.ReadAsync(TilePath.Checkpoint, cancellationToken)
            ?? throw new InvalidOperationException($"{store.Storage.Location} has no checkpoint.");
        return SignedCheckpoint.Open(note, store.Verifier);
    }

    /// <summary>Checks the whole log against its signed checkpoint (every leaf against its tile, every tile up to the root).</summary>
    public async Task<SignedCheckpoint> VerifyAsync(CancellationToken cancellationToken)
    {
        SignedCheckpoint checkpoint = await ReadCheckpointAsync(cancellationToken);
        await TileLogVerifier.VerifyAsync(store.Storage, checkpoint.Checkpoint.Size, checkpoint.Checkpoint.Root, cancellationToken: cancellationToken);
        return checkpoint;
    }

    /// <summary>The entries at <paramref name="indices"/>, read from the entry bundles of a tree of <paramref name="treeSize"/> entries.</summary>
    public Task<byte[][]> ReadAsync(IReadOnlyList<ulong> indices, ulong treeSize, CancellationToken cancellationToken) =>
        _reader.ReadAsync(indices, treeSize, cancellationToken);

    /// <summary>Every entry of a tree of <paramref name="treeSize"/> entries, in leaf order.</summary>
    public Task<byte[][]> ReadAllAsync(ulong treeSize, CancellationToken cancellationToken)
    {
        var indices = new ulong[treeSize];
        for (ulong i = 0; i < treeSize; i++)
        {
            indices[i] = i;
        }

        return _reader.ReadAsync(indices, treeSize, cancellationToken);
    }
}
