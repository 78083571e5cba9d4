using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tests.Notes;

namespace OversightLedger.Transparency.Tests.Checkpoints;

/// <summary>Checkpoints as signed notes, against the logs written by Go's x/mod (vectors/go-tlog).</summary>
public sealed class SignedCheckpointTests
{
    [Theory]
    [InlineData("log-1500", 1500UL, "KFNIOjEkYs5sxPXsct3UDyVqoOAG6SFAie1I17fhxU4=")]
    [InlineData("log-300", 300UL, "NxI6oa8U0DF+n2YS0PRzDxtt49FNZVHzJPbpEi1q8rg=")]
    public void Go_tlog_checkpoint_verifies_with_the_go_tlog_key(string log, ulong size, string root)
    {
        byte[] bytes = NoteVectors.GoTlog(log, "checkpoint");

        SignedCheckpoint signed = SignedCheckpoint.Open(bytes, new NoteVerifier(NoteVectors.GoTlogKey("verifier-key.txt")));

        Assert.Equal("example.org/reference-log", signed.Checkpoint.Origin);
        Assert.Equal(size, signed.Checkpoint.Size);
        Assert.Equal(MerkleHash.FromBase64(root), signed.Checkpoint.Root);
        Assert.Empty(signed.Checkpoint.Extensions);
        Assert.Equal(bytes, signed.Format());
    }

    [Theory]
    [InlineData("log-1500")]
    [InlineData("log-300")]
    public void Signing_a_go_tlog_checkpoint_reproduces_it_byte_for_byte(string log)
    {
        byte[] expected = NoteVectors.GoTlog(log, "checkpoint");
        Checkpoint checkpoint = Checkpoint.Parse(SignedNote.Parse(expected).Text);
        using var signer = new NoteSigner(NoteVectors.GoTlogKey("signer-key.txt"));

        Assert.Equal(expected, SignedCheckpoint.Sign(checkpoint, signer).Format());
    }

    [Fact]
    public void Checkpoint_signed_by_another_key_of_the_same_name_is_refused()
    {
        byte[] bytes = NoteVectors.GoTlog("wrong-key", "checkpoint");

        var error = Assert.Throws<NoteVerificationException>(
            () => SignedCheckpoint.Open(bytes, new NoteVerifier(NoteVectors.GoTlogKey("verifier-key.txt"))));

        Assert.Contains("no signature from a known key", error.Message, StringComparison.Ordinal);
        Assert.Contains("example.org/reference-log+a0a6c0dc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_of_another_log_is_refused()
    {
        Assert.Throws<NoteVerificationException>(
            () => SignedCheckpoint.Open(NoteVectors.GoTlog("log-300", "checkpoint"), new NoteVerifier(NoteVectors.LogVerifierKey)));
    }

    [Fact]
    public void Signed_checkpoint_round_trips_with_extensions()
    {
        (string skey, string vkey) = NoteSigner.Generate("example.com/fresh-log");
        using var signer = new NoteSigner(skey);
        var checkpoint = new Checkpoint("example.com/fresh-log", 42, Rfc6962.HashLeaf("x"u8), ["ext 1", "ext 2"]);

        SignedCheckpoint opened = SignedCheckpoint.Open(SignedCheckpoint.Sign(checkpoint, signer).Format(), new NoteVerifier(vkey));

        Assert.Equal(checkpoint, opened.Checkpoint);
        Assert.Equal(checkpoint.Format(), opened.Note.Text);
    }

    [Fact]
    public void Signed_note_that_is_not_a_checkpoint_is_refused_with_the_reason()
    {
        using var signer = new NoteSigner(NoteVectors.LogSignerKey);
        const string text = "example.com/relief-ledger-test\n8\n";
        byte[] bytes = new SignedNote(text, [signer.Sign(text)]).Format();

        var error = Assert.Throws<NoteVerificationException>(() => SignedCheckpoint.Open(bytes, new NoteVerifier(NoteVectors.LogVerifierKey)));

        Assert.Contains("not a valid checkpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 lines", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cosignature_added_to_a_checkpoint_survives_serialisation()
    {
        byte[] expected = NoteVectors.ReadNote("checkpoint-size8-with-ed25519-cosignature.note");
        var log = new NoteVerifier(NoteVectors.LogVerifierKey);
        SignedCheckpoint signed = SignedCheckpoint.Open(NoteVectors.ReadNote("checkpoint-size8-valid.note"), log);
        using var witness = new Cosigner(NoteVectors.WitnessName, NoteVectors.WitnessSeed);

        SignedCheckpoint cosigned = signed.WithSignature(witness.Sign(signed.Checkpoint, 1_700_000_000));
        SignedCheckpoint reopened = SignedCheckpoint.Open(cosigned.Format(), log);

        Assert.Equal(expected, cosigned.Format());
        Assert.Equal(expected, reopened.Format());
        Assert.Equal(1_700_000_000UL, new CosignatureVerifier(NoteVectors.WitnessVerifierKey).Verify(reopened));
        Assert.Single(signed.Note.Signatures);
    }

    [Fact]
    public void Unknown_signature_survives_serialisation()
    {
        byte[] bytes = NoteVectors.ReadNote("checkpoint-size8-plus-unknown-sig-valid.note");

        SignedCheckpoint signed = SignedCheckpoint.Open(bytes, new NoteVerifier(NoteVectors.LogVerifierKey));

        Assert.Equal(2, signed.Note.Signatures.Count);
        Assert.Equal(Encoding.UTF8.GetString(bytes), signed.Note.ToString());
    }
}
