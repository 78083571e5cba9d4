using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.Notes;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>
/// A witness cosigns a checkpoint only when the log signed it and a consistency proof leads to it from the last
/// checkpoint the witness cosigned; rollback, fork, bad proofs and bad signatures are refused with what failed.
/// </summary>
public sealed class CheckpointWitnessTests
{
    [Fact]
    public void Cosigning_size_8_after_size_5_reproduces_the_vector_note_byte_for_byte()
    {
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessVectors.WitnessSignerKey);
        var witness = new CheckpointWitness(WitnessVectors.LogVerifier, cosigner, FixedClock.AtUnixSeconds((long)WitnessVectors.VectorTimestamp));

        WitnessedCheckpoint witnessed = witness.Cosign(WitnessVectors.StateAt5, WitnessVectors.Checkpoint8, WitnessVectors.ConsistencyProof(5, 8));

        Assert.Equal(WitnessVectors.Cosigned8, witnessed.Cosigned.Format());
        Assert.Equal(WitnessVectors.VectorTimestamp, witnessed.Timestamp);
        Assert.Equal(WitnessVectors.StateAt5, witnessed.Previous);
        Assert.Equal(new WitnessState("example.com/relief-ledger-test", 8, WitnessVectors.Root(8)), witnessed.State);
        Assert.Equal(WitnessVectors.VectorTimestamp, new CosignatureVerifier(NoteVectors.WitnessVerifierKey).Verify(witnessed.Cosigned));
    }

    [Fact]
    public void A_first_cosignature_needs_no_state_and_verifies_with_the_cosignature_verifier()
    {
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessKeys.Generate("witness.example.org/first").SignerKey);
        var witness = new CheckpointWitness(WitnessVectors.LogVerifier, cosigner, FixedClock.AtUnixSeconds(1_800_000_000));

        WitnessedCheckpoint witnessed = witness.Cosign(state: null, WitnessVectors.Checkpoint5, []);

        Assert.Null(witnessed.Previous);
        Assert.Equal(WitnessVectors.StateAt5, witnessed.State);
        Assert.Equal(cosigner.Name, witnessed.Cosignature.Name);
        Assert.Equal([witnessed.Cosigned.Note.Signatures[0], witnessed.Cosignature], witnessed.Cosigned.Note.Signatures);
        var verifier = new CosignatureVerifier(cosigner.VerifierKey);
        Assert.Equal(1_800_000_000UL, verifier.Verify(witnessed.Cosigned));
        Assert.Equal(1_800_000_000UL, verifier.Verify(witnessed.Checkpoint, witnessed.Cosignature));

        // The note an auditor reads back still opens with the log's key, and the line is the one returned.
        SignedCheckpoint reread = SignedCheckpoint.Open(witnessed.Cosigned.Format(), WitnessVectors.LogVerifier);
        Assert.Equal(witnessed.Cosignature, reread.Note.Signatures[1]);
    }

    [Fact]
    public void The_same_checkpoint_again_is_cosigned_again_with_a_fresh_timestamp()
    {
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessVectors.WitnessSignerKey);
        var clock = FixedClock.AtUnixSeconds(1_700_000_000);
        var witness = new CheckpointWitness(WitnessVectors.LogVerifier, cosigner, clock);
        WitnessedCheckpoint first = witness.Cosign(WitnessVectors.StateAt5, WitnessVectors.Checkpoint8, WitnessVectors.ConsistencyProof(5, 8));

        clock.Now = clock.Now.AddMinutes(5);
        WitnessedCheckpoint again = witness.Cosign(first.State, first.Cosigned.Format(), []);

        Assert.Equal(first.State, again.State);
        Assert.Equal(1_700_000_300UL, again.Timestamp);

        // The witness's earlier line is replaced, not repeated.
        Assert.Equal(2, again.Cosigned.Note.Signatures.Count);
        Assert.Equal(again.Cosignature, again.Cosigned.Note.Signatures[1]);
        Assert.Equal(1_700_000_300UL, new CosignatureVerifier(cosigner.VerifierKey).Verify(again.Cosigned));
    }

    [Fact]
    public void Other_signature_lines_of_the_note_are_kept()
    {
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessKeys.Generate("witness.example.org/second").SignerKey);
        var witness = new CheckpointWitness(WitnessVectors.LogVerifier, cosigner, FixedClock.AtUnixSeconds(1_800_000_000));

        // The note already carries the vector witness's cosignature.
        WitnessedCheckpoint witnessed = witness.Cosign(WitnessVectors.StateAt5, WitnessVectors.Cosigned8, WitnessVectors.ConsistencyProof(5, 8));

        Assert.Equal(3, witnessed.Cosigned.Note.Signatures.Count);
        Assert.Equal(WitnessVectors.VectorTimestamp, new CosignatureVerifier(NoteVectors.WitnessVerifierKey).Verify(witnessed.Cosigned));
        Assert.Equal(1_800_000_000UL, new CosignatureVerifier(cosigner.VerifierKey).Verify(witnessed.Cosigned));
    }

    [Fact]
    public void The_same_size_with_another_root_is_a_fork()
    {
        var cosignedElsewhere = new WitnessState("example.com/relief-ledger-test", 8, WitnessVectors.Root(7));

        CheckpointWitnessException error = Refused(cosignedElsewhere, WitnessVectors.Checkpoint8, []);

        Assert.Equal(WitnessFailure.Fork, error.Failure);
        Assert.Contains("the log forked", error.Message, StringComparison.Ordinal);
        Assert.Contains(WitnessVectors.Root(7).ToBase64(), error.Message, StringComparison.Ordinal);
        Assert.Contains(WitnessVectors.Root(8).ToBase64(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_smaller_tree_than_the_cosigned_one_is_a_rollback()
    {
        var cosigned8 = new WitnessState("example.com/relief-ledger-test", 8, WitnessVectors.Root(8));

        CheckpointWitnessException error = Refused(cosigned8, WitnessVectors.Checkpoint5, WitnessVectors.ConsistencyProof(5, 8));

        Assert.Equal(WitnessFailure.Rollback, error.Failure);
        Assert.Equal(
            $"the checkpoint of size 5 (root {WitnessVectors.Root(5)}) is smaller than the cosigned checkpoint of size 8 (root {WitnessVectors.Root(8)}): the log lost entries",
            error.Message);
    }

    [Fact]
    public void A_proof_with_a_flipped_bit_is_refused_naming_both_roots()
    {
        MerkleHash[] proof = WitnessVectors.ConsistencyProof(5, 8);
        byte[] tampered = proof[1].ToArray();
        tampered[0] ^= 1;
        proof[1] = new MerkleHash(tampered);

        CheckpointWitnessException error = Refused(WitnessVectors.StateAt5, WitnessVectors.Checkpoint8, proof);

        Assert.Equal(WitnessFailure.Inconsistent, error.Failure);
        Assert.IsType<ProofVerificationException>(error.InnerException);
        Assert.StartsWith("the checkpoint of size 8 (root ", error.Message, StringComparison.Ordinal);
        Assert.Contains("consistency proof from size 5 to 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_truncated_or_foreign_proof_is_refused()
    {
        MerkleHash[] proof = WitnessVectors.ConsistencyProof(5, 8);

        Assert.Equal(WitnessFailure.Inconsistent, Refused(WitnessVectors.StateAt5, WitnessVectors.Checkpoint8, []).Failure);
        Assert.Equal(WitnessFailure.Inconsistent, Refused(WitnessVectors.StateAt5, WitnessVectors.Checkpoint8, proof[..^1]).Failure);
        Assert.Equal(WitnessFailure.Inconsistent, Refused(WitnessVectors.StateAt5, WitnessVectors.Checkpoint8, WitnessVectors.ConsistencyProof(6, 8)).Failure);

        // A state that claims a root the log never had at size 5: the genuine proof does not lead from it.
        var wrongRoot = new WitnessState("example.com/relief-ledger-test", 5, WitnessVectors.Root(4));
        Assert.Equal(WitnessFailure.Inconsistent, Refused(wrongRoot, WitnessVectors.Checkpoint8, proof).Failure);

        // Equal sizes take an empty proof.
        Assert.Equal(WitnessFailure.Inconsistent, Refused(WitnessVectors.StateAt5, WitnessVectors.Checkpoint5, proof).Failure);
    }

    [Theory]
    [InlineData("signed-by-other-key-same-name.note")]
    [InlineData("tampered-root.note")]
    [InlineData("tampered-size.note")]
    [InlineData("bitflip-in-signature.note")]
    public void A_note_the_log_did_not_sign_is_refused(string file)
    {
        CheckpointWitnessException error = Refused(state: null, NoteVectors.ReadNote(file), []);

        Assert.Equal(WitnessFailure.LogSignature, error.Failure);
        Assert.StartsWith("the checkpoint is not signed by the log's key example.com/relief-ledger-test+b84cd81e: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_note_signed_only_by_a_witness_is_not_a_log_signature()
    {
        // The log key's name with a cosignature line is still not the log's signature.
        SignedCheckpoint cosigned = SignedCheckpoint.Open(WitnessVectors.Cosigned8, WitnessVectors.LogVerifier);
        byte[] onlyCosignature = new SignedNote(cosigned.Note.Text, [cosigned.Note.Signatures[1]]).Format();

        Assert.Equal(WitnessFailure.LogSignature, Refused(state: null, onlyCosignature, []).Failure);
    }

    [Theory]
    [InlineData("no-blank-line.note")]
    [InlineData("crlf-line-endings.note")]
    [InlineData("hyphen-instead-of-em-dash.note")]
    [InlineData("leading-zero-size.note")]
    public void A_malformed_note_is_refused_as_malformed(string file)
    {
        Assert.Equal(WitnessFailure.MalformedCheckpoint, Refused(state: null, NoteVectors.ReadNote(file), []).Failure);
    }

    [Fact]
    public void A_checkpoint_of_another_log_is_refused()
    {
        var otherLog = new WitnessState("example.com/another-log", 5, WitnessVectors.Root(5));

        CheckpointWitnessException error = Refused(otherLog, WitnessVectors.Checkpoint8, WitnessVectors.ConsistencyProof(5, 8));

        Assert.Equal(WitnessFailure.WrongOrigin, error.Failure);
        Assert.Equal("the checkpoint is of log 'example.com/relief-ledger-test', but this witness follows 'example.com/another-log'", error.Message);
    }

    [Fact]
    public void From_the_empty_tree_any_checkpoint_extends_it_without_a_proof()
    {
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessVectors.WitnessSignerKey);
        var witness = new CheckpointWitness(WitnessVectors.LogVerifier, cosigner, FixedClock.AtUnixSeconds(1_700_000_000));
        WitnessedCheckpoint empty = witness.Cosign(state: null, NoteVectors.ReadNote("checkpoint-size0-valid.note"), []);
        Assert.Equal(new WitnessState("example.com/relief-ledger-test", 0, Rfc6962.EmptyRoot), empty.State);

        WitnessedCheckpoint grown = witness.Cosign(empty.State, WitnessVectors.Checkpoint5, []);

        Assert.Equal(WitnessVectors.StateAt5, grown.State);
        var notEmpty = new WitnessState("example.com/relief-ledger-test", 0, WitnessVectors.Root(1));
        Assert.Equal(WitnessFailure.Fork, Refused(notEmpty, WitnessVectors.Checkpoint5, []).Failure);
    }

    [Fact]
    public async Task A_witness_follows_a_growing_log_and_refuses_the_first_fork()
    {
        TestTree tree = TestTree.Random(700, seed: 41);
        (string signerKey, string verifierKey) = NoteSigner.Generate("example.org/growing");
        using var log = new NoteSigner(signerKey);
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessKeys.Generate("witness.example.org/follower").SignerKey);
        var clock = FixedClock.AtUnixSeconds(1_750_000_000);
        var witness = new CheckpointWitness(new NoteVerifier(verifierKey), cosigner, clock);

        WitnessState? state = null;
        foreach (ulong size in new ulong[] { 1, 2, 3, 64, 256, 257, 257, 511, 700 })
        {
            byte[] note = SignedCheckpoint.Sign(new Checkpoint("example.org/growing", size, new MerkleHash(tree.Reference.Mth((int)size))), log).Format();
            MerkleHash[] proof = state is { Size: > 0 } && state.Size < size
                ? await ProofBuilder.ConsistencyAsync(tree.Reader, state.Size, size, TestContext.Current.CancellationToken)
                : [];
            clock.Now = clock.Now.AddSeconds(60);

            WitnessedCheckpoint witnessed = witness.Cosign(state, note, proof);

            Assert.Equal(size, witnessed.State.Size);
            Assert.Equal((ulong)clock.Now.ToUnixTimeSeconds(), new CosignatureVerifier(cosigner.VerifierKey).Verify(witnessed.Cosigned));
            state = witnessed.State;
        }

        // A log that rewrote entry 100 and signed the result at a larger size cannot prove it extends what was cosigned.
        byte[][] rewritten = [.. tree.Entries];
        rewritten[100] = Encoding.UTF8.GetBytes("rewritten");
        TestTree forked = TestTree.Of(rewritten.Concat(Enumerable.Range(0, 100).Select(i => Encoding.UTF8.GetBytes($"more-{i}"))));
        byte[] forkedNote = SignedCheckpoint.Sign(new Checkpoint("example.org/growing", 800, new MerkleHash(forked.Reference.Mth(800))), log).Format();
        MerkleHash[] forkedProof = await ProofBuilder.ConsistencyAsync(forked.Reader, 700, 800, TestContext.Current.CancellationToken);

        CheckpointWitnessException error = Assert.Throws<CheckpointWitnessException>(() => witness.Cosign(state, forkedNote, forkedProof));
        Assert.Equal(WitnessFailure.Inconsistent, error.Failure);
    }

    private static CheckpointWitnessException Refused(WitnessState? state, byte[] note, MerkleHash[] proof)
    {
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessVectors.WitnessSignerKey);
        var witness = new CheckpointWitness(WitnessVectors.LogVerifier, cosigner, FixedClock.AtUnixSeconds(1_700_000_000));
        return Assert.Throws<CheckpointWitnessException>(() => witness.Cosign(state, note, proof));
    }
}
