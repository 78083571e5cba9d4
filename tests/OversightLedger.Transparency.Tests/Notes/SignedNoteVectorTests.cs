using System.Text;
using System.Text.Json;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Notes;

/// <summary>Every <c>*.note</c> vector, driven by <c>signed-note-vectors.json</c>.</summary>
public sealed class SignedNoteVectorTests
{
    public static TheoryData<string> VectorIds => [.. NoteVectors.Vectors.Select(v => v.GetProperty("id").GetString()!)];

    public static TheoryData<string> CheckpointVectorIds =>
    [
        .. NoteVectors.Vectors
            .Where(v => v.GetProperty("kind").GetString()!.EndsWith("checkpoint", StringComparison.Ordinal))
            .Select(v => v.GetProperty("id").GetString()!),
    ];

    [Fact]
    public void Every_note_file_is_a_vector_and_every_vector_has_its_file()
    {
        string[] files = [.. Directory.GetFiles(SharedData.Path("vectors", "signed-note"), "*.note").Select(Path.GetFileName).Order()!];
        string[] listed = [.. NoteVectors.Vectors.Select(v => v.GetProperty("file").GetString()!.Split('/')[^1]).Order()];

        Assert.NotEmpty(files);
        Assert.Equal(files, listed);
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Note_has_its_expected_verdict(string id)
    {
        JsonElement vector = NoteVectors.Vector(id);
        byte[] bytes = NoteVectors.ReadNote(vector.GetProperty("file").GetString()!);
        var verifier = new NoteVerifier(vector.GetProperty("vkey").GetString()!);
        string expect = vector.GetProperty("expect").GetString()!;

        if (expect == "invalid")
        {
            var error = Assert.Throws<NoteVerificationException>(() => SignedNote.Open(bytes, [verifier]));
            Assert.DoesNotContain('\n', error.Message);
            return;
        }

        // "valid", "valid-note-invalid-checkpoint", and "valid (log signature …; cosignature …)".
        Assert.StartsWith("valid", expect, StringComparison.Ordinal);
        SignedNote note = SignedNote.Open(bytes, [verifier]);
        Assert.Equal(bytes, note.Format());
        if (vector.TryGetProperty("noteText", out JsonElement text))
        {
            Assert.Equal(text.GetString(), note.Text);
        }
    }

    [Theory]
    [MemberData(nameof(CheckpointVectorIds))]
    public void Checkpoint_verdict_agrees_with_go(string id)
    {
        JsonElement vector = NoteVectors.Vector(id);
        byte[] bytes = NoteVectors.ReadNote(vector.GetProperty("file").GetString()!);
        var verifier = new NoteVerifier(vector.GetProperty("vkey").GetString()!);

        // goverify's "checkpoint" command opens the note with x/mod and then applies the tlog-checkpoint rules.
        bool goAccepts = vector.GetProperty("goverifyExit").GetInt32() == 0;
        if (goAccepts)
        {
            SignedCheckpoint signed = SignedCheckpoint.Open(bytes, verifier);
            Assert.Equal("example.com/relief-ledger-test", signed.Checkpoint.Origin);
            Assert.Equal(bytes, signed.Format());
        }
        else
        {
            Assert.Throws<NoteVerificationException>(() => SignedCheckpoint.Open(bytes, verifier));
        }
    }

    [Fact]
    public void Leading_zero_size_has_a_valid_signature_but_is_not_a_checkpoint()
    {
        byte[] bytes = NoteVectors.ReadNote("leading-zero-size.note");
        var verifier = new NoteVerifier(NoteVectors.LogVerifierKey);

        SignedNote.Open(bytes, [verifier]);
        var error = Assert.Throws<NoteVerificationException>(() => SignedCheckpoint.Open(bytes, verifier));
        Assert.Contains("'08'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_the_x_mod_example_reproduces_the_file()
    {
        JsonElement vector = NoteVectors.Vector("xmod-peterneumann");
        byte[] expected = NoteVectors.ReadNote(vector.GetProperty("file").GetString()!);
        string text = vector.GetProperty("noteText").GetString()!;
        using var signer = new NoteSigner(vector.GetProperty("skey").GetString()!);

        var note = new SignedNote(text, [signer.Sign(text)]);

        Assert.Equal(Encoding.UTF8.GetString(expected), note.ToString());
        Assert.Equal(expected, note.Format());
    }

    [Fact]
    public void Signing_the_go_tlog_checkpoint_text_reproduces_the_file()
    {
        byte[] expected = NoteVectors.GoTlog("log-1500", "checkpoint");
        string text = SignedNote.Parse(expected).Text;
        using var signer = new NoteSigner(NoteVectors.GoTlogKey("signer-key.txt"));

        Assert.Equal(expected, new SignedNote(text, [signer.Sign(text)]).Format());
    }

    [Theory]
    [InlineData("tampered-size.note", "invalid signature for key example.com/relief-ledger-test+b84cd81e")]
    [InlineData("bitflip-in-signature.note", "invalid signature for key example.com/relief-ledger-test+b84cd81e")]
    [InlineData("signed-by-other-key-same-name.note", "no signature from a known key")]
    [InlineData("no-blank-line.note", "no blank line")]
    [InlineData("crlf-line-endings.note", "U+000D")]
    [InlineData("hyphen-instead-of-em-dash.note", "em dash")]
    public void Rejections_say_why(string file, string reason)
    {
        var error = Assert.Throws<NoteVerificationException>(
            () => SignedNote.Open(NoteVectors.ReadNote(file), [new NoteVerifier(NoteVectors.LogVerifierKey)]));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_other_key_of_the_same_name_verifies_its_own_note_only()
    {
        var other = new NoteVerifier(NoteVectors.OtherVerifierKey);

        SignedNote.Open(NoteVectors.ReadNote("signed-by-other-key-same-name.note"), [other]);
        Assert.Throws<NoteVerificationException>(() => SignedNote.Open(NoteVectors.ReadNote("checkpoint-size8-valid.note"), [other]));
    }

    [Fact]
    public void Unknown_signature_is_ignored_and_kept()
    {
        byte[] bytes = NoteVectors.ReadNote("checkpoint-size8-plus-unknown-sig-valid.note");
        SignedNote note = SignedNote.Parse(bytes);

        IReadOnlyList<NoteSignature> verified = note.Verify([new NoteVerifier(NoteVectors.LogVerifierKey)]);

        Assert.Equal(2, note.Signatures.Count);
        NoteSignature only = Assert.Single(verified);
        Assert.Equal("example.com/relief-ledger-test", only.Name);
        Assert.Equal("witness.example.com/unknown", note.Signatures[1].Name);
        Assert.Equal(bytes, note.Format());
    }
}
