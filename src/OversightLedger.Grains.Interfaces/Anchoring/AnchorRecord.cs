namespace OversightLedger.Grains.Anchoring;

/// <summary>A recorded anchor: its <c>CheckpointAnchored</c> entry's fields and leaf, and where its proof is served.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Anchoring.AnchorRecord")]
public sealed record AnchorRecord(
    [property: Id(0)] long CheckpointSize,
    [property: Id(1)] string CheckpointRoot,
    [property: Id(2)] string Network,
    [property: Id(3)] string TransactionId,
    [property: Id(4)] string BlockHash,
    [property: Id(5)] long BlockHeight,
    [property: Id(6)] string ProofSha256,
    [property: Id(7)] ulong LeafIndex)
{
    /// <summary>The record of a <c>CheckpointAnchored</c> entry at <paramref name="leafIndex"/>.</summary>
    public static AnchorRecord From(Domain.Entries.CheckpointAnchored entry, ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.CheckpointSize, entry.CheckpointRoot, entry.Network, entry.TransactionId, entry.BlockHash, entry.BlockHeight, entry.ProofSha256, leafIndex);
    }

    /// <summary>The path the proof file is served at, e.g. <c>/log/anchors/1234.json</c>.</summary>
    public string ProofPath => $"/log/anchors/{CheckpointSize}.json";
}
