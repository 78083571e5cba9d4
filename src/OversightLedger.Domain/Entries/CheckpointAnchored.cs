namespace OversightLedger.Domain.Entries;

/// <summary>
/// A checkpoint of this log was anchored in Bitcoin and the anchor reached the server's required depth:
/// <c>blockHash, blockHeight, checkpointRoot, checkpointSize, network, proofSha256, transactionId</c>. The transaction's
/// <c>OP_RETURN</c> output commits to the checkpoint's note text; the proof file (served at
/// <c>/log/anchors/&lt;size&gt;.json</c>, verified by <c>oversight verify anchor</c>) has the SHA-256 named here.
/// The entry id is <see cref="EntryIds.CheckpointAnchored"/> of the size, so a checkpoint is recorded as anchored once.
/// </summary>
public sealed record CheckpointAnchored : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "CheckpointAnchored";

    private static readonly string[] Networks = ["main", "testnet", "signet", "regtest"];

    /// <summary>Creates the entry; <paramref name="id"/> must be <see cref="EntryIds.CheckpointAnchored"/> of the size.</summary>
    /// <exception cref="ArgumentException">A field is malformed, or the id is not the size's; the parameter name is the JSON field.</exception>
    public CheckpointAnchored(
        string id, DateTimeOffset time, long checkpointSize, string checkpointRoot, string network,
        string transactionId, string blockHash, long blockHeight, string proofSha256)
        : base(id, time)
    {
        CheckpointSize = checkpointSize is >= 1 and <= CanonicalJsonWriter.MaxSafeInteger
            ? checkpointSize
            : throw new ArgumentException("'checkpointSize' must be a tree size from 1 to 2^53 − 1", nameof(checkpointSize));
        if (Id != EntryIds.CheckpointAnchored(CheckpointSize))
        {
            throw new ArgumentException($"'id' of the anchor of size {CheckpointSize} must be '{EntryIds.CheckpointAnchored(CheckpointSize)}', not '{Id}'", nameof(id));
        }

        CheckpointRoot = FieldFormat.Sha256Hex(checkpointRoot, nameof(checkpointRoot));
        Network = Networks.Contains(network, StringComparer.Ordinal)
            ? network
            : throw new ArgumentException("'network' must be main, testnet, signet or regtest", nameof(network));
        TransactionId = FieldFormat.Sha256Hex(transactionId, nameof(transactionId));
        BlockHash = FieldFormat.Sha256Hex(blockHash, nameof(blockHash));
        BlockHeight = blockHeight is >= 0 and <= int.MaxValue
            ? blockHeight
            : throw new ArgumentException("'blockHeight' must be a block height from 0 to 2^31 − 1", nameof(blockHeight));
        ProofSha256 = FieldFormat.Sha256Hex(proofSha256, nameof(proofSha256));
    }

    /// <summary>The anchored checkpoint's tree size.</summary>
    public long CheckpointSize { get; }

    /// <summary>Its root hash, 64 lower-case hex digits.</summary>
    public string CheckpointRoot { get; }

    /// <summary>The Bitcoin network: main, testnet, signet or regtest.</summary>
    public string Network { get; }

    /// <summary>The anchor transaction's id as block explorers show it (64 hex digits).</summary>
    public string TransactionId { get; }

    /// <summary>The hash of the block holding it, as block explorers show it.</summary>
    public string BlockHash { get; }

    /// <summary>That block's height.</summary>
    public long BlockHeight { get; }

    /// <summary>SHA-256 of the anchor proof file (<c>oversight-anchor/v1</c>).</summary>
    public string ProofSha256 { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteInteger("checkpointSize", CheckpointSize)
        .WriteString("checkpointRoot", CheckpointRoot)
        .WriteString("network", Network)
        .WriteString("transactionId", TransactionId)
        .WriteString("blockHash", BlockHash)
        .WriteInteger("blockHeight", BlockHeight)
        .WriteString("proofSha256", ProofSha256);

    internal static CheckpointAnchored Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadInteger("checkpointSize"), fields.ReadString("checkpointRoot"), fields.ReadString("network"),
        fields.ReadString("transactionId"), fields.ReadString("blockHash"), fields.ReadInteger("blockHeight"), fields.ReadString("proofSha256"));
}
