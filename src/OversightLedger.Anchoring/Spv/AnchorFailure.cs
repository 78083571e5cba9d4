namespace OversightLedger.Anchoring.Spv;

/// <summary>Which check of an anchor proof failed.</summary>
public enum AnchorFailure
{
    /// <summary>The proof's bytes are not what they claim to be (bad hex, a truncated merkle block, trailing bytes).</summary>
    Malformed,

    /// <summary>The checkpoint is not signed by the log's key.</summary>
    CheckpointSignature,

    /// <summary>No output of the transaction commits to the checkpoint.</summary>
    Commitment,

    /// <summary>The merkle block's partial merkle tree does not prove exactly the transaction in the block.</summary>
    MerkleProof,

    /// <summary>A header's hash does not meet its <c>bits</c> target, or the target is above the network's limit.</summary>
    ProofOfWork,

    /// <summary>The headers do not start at the merkle block's header or do not link by previous-block hash.</summary>
    HeaderChain,

    /// <summary>Fewer headers than the required depth.</summary>
    Depth,

    /// <summary>The anchor block is not the block the auditor pinned.</summary>
    PinnedBlock,
}
