using System.Globalization;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// The newest Bitcoin anchor covering the report's checkpoint: of the <c>CheckpointAnchored</c> entries among the leaves
/// the report read, the one of the largest checkpoint size not above the report's checkpoint size. It proves that the
/// log's first <see cref="CheckpointSize"/> entries existed no later than the block; its proof is served at
/// <see cref="ProofPath"/> and checked with <c>oversight verify anchor</c> (or <c>oversight replay --anchor</c>).
/// </summary>
/// <param name="CheckpointSize">The anchored checkpoint's tree size.</param>
/// <param name="CheckpointRoot">Its root hash.</param>
/// <param name="Network">The Bitcoin network: main, testnet, signet or regtest.</param>
/// <param name="TransactionId">The anchor transaction's id (64 hex digits, as block explorers show it).</param>
/// <param name="BlockHash">The hash of the block holding it.</param>
/// <param name="BlockHeight">That block's height.</param>
/// <param name="ProofSha256">The SHA-256 of the anchor proof file, as the entry records it.</param>
/// <param name="Leaf">The leaf of the <c>CheckpointAnchored</c> entry.</param>
public sealed record ReportAnchor(
    ulong CheckpointSize, MerkleHash CheckpointRoot, string Network, string TransactionId, string BlockHash, long BlockHeight, string ProofSha256, ulong Leaf)
{
    /// <summary>Where the log's server publishes the anchor proof, relative to its base URL: <c>/log/anchors/&lt;size&gt;.json</c>.</summary>
    public string ProofPath => ProofPathOf(CheckpointSize);

    /// <summary>The proof path of the anchor of a checkpoint of <paramref name="size"/>.</summary>
    public static string ProofPathOf(ulong size) => string.Create(CultureInfo.InvariantCulture, $"/log/anchors/{size}.json");
}
