using System.Numerics;
using NBitcoin;
using OversightLedger.Anchoring.Commitment;
using OversightLedger.Anchoring.Spv;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Anchoring.Proofs;

/// <summary>
/// Verifies an anchor proof offline, trusting only the log's verifier key and the auditor's policy: the
/// checkpoint's signature, the commitment in the transaction, the transaction in the block (exactly that txid
/// in the partial merkle tree), every header's proof of work, the headers' links, the depth and, if pinned,
/// the anchor block's hash. A header chain proves that work was done on top of the block, not that it is the
/// chain everyone follows: pinning the block hash from a trusted source closes that gap.
/// </summary>
public static class AnchorVerifier
{
    /// <summary>Verifies <paramref name="proof"/>.</summary>
    /// <exception cref="AnchorVerificationException">A check failed; <see cref="AnchorVerificationException.Failure"/> says which.</exception>
    public static VerifiedAnchor Verify(AnchorProof proof, NoteVerifier logKey, AnchorVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(logKey);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.RequiredDepth, 1);
        Network network = policy.Network;

        Checkpoint checkpoint = OpenCheckpoint(proof, logKey);
        Transaction transaction = ParseTransaction(proof.Transaction.Span, network);
        uint256 txid = transaction.GetHash();
        int output = AnchorCommitment.FindOutput(transaction, checkpoint)
            ?? throw new AnchorVerificationException(AnchorFailure.Commitment, $"transaction {txid} has no OP_RETURN output committing to checkpoint {checkpoint.Origin} size {checkpoint.Size}");

        MerkleBlockProof block = MerkleBlockProof.Parse(proof.TxOutProof.Span, network);
        block.VerifyTransaction(txid, network);
        uint256 blockHash = block.Header.GetHash();

        if (proof.Headers.Count == 0 || !proof.Headers[0].Span.SequenceEqual(block.HeaderBytes.Span))
        {
            throw new AnchorVerificationException(AnchorFailure.HeaderChain, $"the header chain does not start at the merkle block's header (block {blockHash})");
        }

        BigInteger work = BigInteger.Zero;
        BlockHeader? previous = null;
        foreach (ReadOnlyMemory<byte> bytes in proof.Headers)
        {
            BlockHeader header = MerkleBlockProof.ParseHeader(bytes.Span, network);
            if (previous is not null && header.HashPrevBlock != previous.GetHash())
            {
                throw new AnchorVerificationException(
                    AnchorFailure.HeaderChain,
                    $"header of block {header.GetHash()} names {header.HashPrevBlock} as its parent, not block {previous.GetHash()} before it");
            }

            work += ProofOfWork.Check(header, network);
            previous = header;
        }

        if (proof.Headers.Count < policy.RequiredDepth)
        {
            throw new AnchorVerificationException(AnchorFailure.Depth, $"block {blockHash} has {proof.Headers.Count} confirmations in the proof; {policy.RequiredDepth} are required");
        }

        if (policy.PinnedBlockHash is { } pinned && pinned != blockHash)
        {
            throw new AnchorVerificationException(AnchorFailure.PinnedBlock, $"the anchor is in block {blockHash}, not in the pinned block {pinned}");
        }

        return new VerifiedAnchor(checkpoint, txid, output, blockHash, block.Header.BlockTime, proof.Headers.Count, work);
    }

    private static Checkpoint OpenCheckpoint(AnchorProof proof, NoteVerifier logKey)
    {
        try
        {
            return SignedCheckpoint.Open(proof.SignedCheckpoint.Span, logKey).Checkpoint;
        }
        catch (NoteVerificationException e)
        {
            throw new AnchorVerificationException(AnchorFailure.CheckpointSignature, $"the checkpoint does not verify with key {logKey.Name}: {e.Message}", e);
        }
    }

    private static Transaction ParseTransaction(ReadOnlySpan<byte> bytes, Network network)
    {
        Transaction transaction;
        try
        {
            transaction = Transaction.Load(bytes.ToArray(), network);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or ArgumentException or InvalidOperationException)
        {
            throw new AnchorVerificationException(AnchorFailure.Malformed, $"the transaction is not a Bitcoin transaction: {e.Message}", e);
        }

        // The txid the block proves is the hash of these bytes (less the witness): reject trailing or re-encoded bytes.
        if (!transaction.ToBytes().AsSpan().SequenceEqual(bytes))
        {
            throw new AnchorVerificationException(AnchorFailure.Malformed, "the transaction bytes are not one canonically serialised transaction");
        }

        return transaction;
    }
}
