using NBitcoin;
using OversightLedger.Anchoring.Commitment;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Spv;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Anchoring.Tests;

/// <summary>Full anchor proofs from a regtest chain mined in the test: the genuine one verifies; each altered one fails with its reason.</summary>
public sealed class AnchorVerifierTests
{
    private static readonly Lazy<RegtestAnchor> Shared = new(() => RegtestAnchor.Create(depth: 6));

    private static RegtestAnchor Anchor => Shared.Value;

    private static int CommitmentIndex => AnchorCommitment.FindOutput(Anchor.Transaction, Anchor.Checkpoint.Checkpoint)!.Value;

    private static NoteVerifier LogKey => new(Anchor.VerifierKey);

    private static AnchorVerificationPolicy Policy(int depth = 6, uint256? pinned = null) => new(Network.RegTest, depth, pinned);

    [Fact]
    public void Genuine_proof_verifies_and_says_what_was_anchored_where()
    {
        VerifiedAnchor verified = AnchorVerifier.Verify(Anchor.Proof, LogKey, Policy(pinned: Anchor.AnchorBlock.GetHash()));

        Assert.Equal(Anchor.Checkpoint.Checkpoint, verified.Checkpoint);
        Assert.Equal(Anchor.Transaction.GetHash(), verified.TransactionId);
        Assert.Equal(Anchor.AnchorBlock.GetHash(), verified.BlockHash);
        Assert.Equal(Anchor.AnchorBlock.Header.BlockTime, verified.BlockTime);
        Assert.Equal(6, verified.Depth);
        Assert.Equal(AnchorCommitment.FindOutput(Anchor.Transaction, Anchor.Checkpoint.Checkpoint), verified.OutputIndex);
    }

    [Fact]
    public void Proof_file_round_trips()
    {
        AnchorProof read = AnchorProof.Parse(Anchor.Proof.Format());

        Assert.Equal(Anchor.Proof.Format(), read.Format());
        AnchorVerifier.Verify(read, LogKey, Policy());
    }

    [Fact]
    public void Another_checkpoint_signed_by_the_same_key_is_not_what_the_transaction_commits_to()
    {
        using var signer = new NoteSigner(Anchor.SignerKey);
        Checkpoint other = new(RegtestAnchor.Origin, Anchor.Checkpoint.Checkpoint.Size + 1, Rfc6962.HashLeaf("other"u8));
        AnchorProof proof = Anchor.Proof with { SignedCheckpoint = SignedCheckpoint.Sign(other, signer).Format() };

        AssertFails(AnchorFailure.Commitment, proof);
    }

    [Fact]
    public void Checkpoint_signed_by_another_key_fails_its_signature()
    {
        (string signerKey, _) = NoteSigner.Generate(RegtestAnchor.Origin);
        using var signer = new NoteSigner(signerKey);
        AnchorProof proof = Anchor.Proof with { SignedCheckpoint = SignedCheckpoint.Sign(Anchor.Checkpoint.Checkpoint, signer).Format() };

        AssertFails(AnchorFailure.CheckpointSignature, proof);
    }

    [Fact]
    public void Transaction_with_another_output_does_not_commit()
    {
        Transaction altered = Anchor.Transaction.Clone();
        byte[] payload = AnchorCommitment.Payload(Anchor.Checkpoint.Checkpoint);
        payload[^1] ^= 1;
        altered.Outputs[CommitmentIndex].ScriptPubKey = TxNullDataTemplate.Instance.GenerateScriptPubKey(payload);

        AssertFails(AnchorFailure.Commitment, Anchor.Proof with { Transaction = altered.ToBytes() });
    }

    [Fact]
    public void Committing_transaction_that_is_not_the_one_in_the_block_fails_the_merkle_proof()
    {
        // Same commitment, different txid (another change amount): the merkle block proves the original txid only.
        Transaction altered = Anchor.Transaction.Clone();
        altered.Outputs[1 - CommitmentIndex].Value -= Money.Satoshis(1);

        AssertFails(AnchorFailure.MerkleProof, Anchor.Proof with { Transaction = altered.ToBytes() });
    }

    [Fact]
    public void Merkle_block_matching_another_transaction_of_the_block_fails()
    {
        Block block = Anchor.AnchorBlock;
        uint256 coinbase = block.Transactions[0].GetHash();
        AnchorProof proof = Anchor.Proof with { TxOutProof = new MerkleBlock(block, [coinbase]).ToBytes() };

        AssertFails(AnchorFailure.MerkleProof, proof);
    }

    [Fact]
    public void Merkle_block_matching_the_anchor_and_another_transaction_fails_as_not_exactly_the_anchor()
    {
        Block block = Anchor.AnchorBlock;
        AnchorProof proof = Anchor.Proof with { TxOutProof = new MerkleBlock(block, [block.Transactions[0].GetHash(), Anchor.Transaction.GetHash()]).ToBytes() };

        AssertFails(AnchorFailure.MerkleProof, proof);
    }

    [Fact]
    public void Broken_header_link_fails()
    {
        var otherChain = new RegtestChain();
        otherChain.MineEmpty(new Key().PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest), 3);
        var headers = Anchor.Proof.Headers.ToList();
        headers[3] = otherChain.Blocks[3].Header.ToBytes();

        AssertFails(AnchorFailure.HeaderChain, Anchor.Proof with { Headers = headers });
    }

    [Fact]
    public void Header_chain_not_starting_at_the_merkle_blocks_header_fails()
    {
        AssertFails(AnchorFailure.HeaderChain, Anchor.Proof with { Headers = [.. Anchor.Proof.Headers.Skip(1)] }, depth: 5);
    }

    [Fact]
    public void Header_with_too_little_work_fails()
    {
        // Ask for a harder target without mining for it: the linked header's hash no longer meets its bits.
        var headers = Anchor.Proof.Headers.ToList();
        BlockHeader top = MerkleBlockProof.ParseHeader(headers[^1].Span, Network.RegTest);
        top.Bits = new Target(0x1d00ffffu);
        headers[^1] = top.ToBytes();

        AssertFails(AnchorFailure.ProofOfWork, Anchor.Proof with { Headers = headers });
    }

    [Fact]
    public void Too_shallow_fails()
    {
        AssertFails(AnchorFailure.Depth, Anchor.Proof, depth: 7);
        AssertFails(AnchorFailure.Depth, Anchor.Proof with { Headers = [.. Anchor.Proof.Headers.Take(5)] });
    }

    [Fact]
    public void Another_pinned_block_fails()
    {
        AssertFails(AnchorFailure.PinnedBlock, Anchor.Proof, pinned: Anchor.Chain.Tip.GetHash());
    }

    [Fact]
    public void Regtest_work_does_not_pass_on_main()
    {
        var e = Assert.Throws<AnchorVerificationException>(() => AnchorVerifier.Verify(Anchor.Proof, LogKey, new AnchorVerificationPolicy(Network.Main)));

        Assert.Equal(AnchorFailure.ProofOfWork, e.Failure);
    }

    private static void AssertFails(AnchorFailure failure, AnchorProof proof, int depth = 6, uint256? pinned = null)
    {
        var e = Assert.Throws<AnchorVerificationException>(() => AnchorVerifier.Verify(proof, LogKey, Policy(depth, pinned)));
        Assert.True(failure == e.Failure, $"expected {failure}, got {e.Failure}: {e.Message}");
    }
}
