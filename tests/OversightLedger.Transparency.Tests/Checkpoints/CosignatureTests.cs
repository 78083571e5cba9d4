using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tests.Notes;

namespace OversightLedger.Transparency.Tests.Checkpoints;

/// <summary>Ed25519 cosignatures (c2sp.org/tlog-cosignature, cosignature/v1, type 0x04).</summary>
public sealed class CosignatureTests
{
    private const string File = "checkpoint-size8-with-ed25519-cosignature.note";

    private static JsonElement Vector => NoteVectors.Vector("checkpoint-size8-with-ed25519-cosignature");

    private static NoteVerifier Log => new(NoteVectors.LogVerifierKey);

    [Fact]
    public void Vector_cosignature_verifies_and_gives_its_timestamp()
    {
        SignedCheckpoint signed = SignedCheckpoint.Open(NoteVectors.ReadNote(File), Log);
        var verifier = new CosignatureVerifier(Vector.GetProperty("witnessVkeyType04").GetString()!);

        ulong timestamp = verifier.Verify(signed);

        Assert.Equal(Vector.GetProperty("cosignatureTimestamp").GetUInt64(), timestamp);
        Assert.Equal(Vector.GetProperty("witnessName").GetString(), verifier.Name);
        Assert.Equal(Vector.GetProperty("cosignatureKeyIdHex").GetString(), NoteKeys.FormatHash(verifier.KeyHash));
    }

    [Fact]
    public void Cosignature_bytes_are_key_id_timestamp_and_signature_over_the_cosigned_message()
    {
        SignedCheckpoint signed = SignedCheckpoint.Open(NoteVectors.ReadNote(File), Log);
        NoteSignature line = signed.Note.Signatures.Single(s => s.Name == NoteVectors.WitnessName);
        byte[] raw = Convert.FromBase64String(line.Base64);
        byte[] message = NoteVerifier.CosignatureMessage(Encoding.UTF8.GetBytes(signed.Note.Text), 1_700_000_000);

        Assert.Equal(76, raw.Length);
        Assert.Equal(Vector.GetProperty("cosignatureKeyIdHex").GetString(), Convert.ToHexStringLower(raw[..4]));
        Assert.Equal(1_700_000_000UL, BinaryPrimitives.ReadUInt64BigEndian(raw.AsSpan(4, 8)));
        Assert.Equal(Vector.GetProperty("cosignatureSignatureHex").GetString(), Convert.ToHexStringLower(raw[12..]));
        Assert.Equal(Vector.GetProperty("cosignedMessage").GetString(), Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void Cosigner_reproduces_the_vector_line_and_key()
    {
        SignedCheckpoint signed = SignedCheckpoint.Open(NoteVectors.ReadNote(File), Log);
        using var cosigner = new Cosigner(NoteVectors.WitnessName, NoteVectors.WitnessSeed);

        NoteSignature line = cosigner.Sign(signed.Checkpoint, 1_700_000_000);

        Assert.Equal(NoteVectors.WitnessVerifierKey, cosigner.VerifierKey);
        Assert.Equal(signed.Note.Signatures[1], line);
    }

    [Theory]
    [InlineData(5)]   // a timestamp byte
    [InlineData(11)]  // the last timestamp byte
    [InlineData(12)]  // the first signature byte
    [InlineData(75)]  // the last signature byte
    public void Flipped_byte_fails(int index)
    {
        SignedCheckpoint signed = SignedCheckpoint.Open(NoteVectors.ReadNote(File), Log);
        SignedCheckpoint tampered = signed.WithSignature(FlipByte(signed.Note.Signatures[1], index));
        var verifier = new CosignatureVerifier(NoteVectors.WitnessVerifierKey);

        var error = Assert.Throws<NoteVerificationException>(() => verifier.Verify(tampered));

        Assert.Equal("invalid cosignature for key witness.example.com/test-w1+3ef27691", error.Message);
    }

    [Fact]
    public void Flipped_key_id_makes_the_cosignature_missing()
    {
        SignedCheckpoint signed = SignedCheckpoint.Open(NoteVectors.ReadNote(File), Log);
        IReadOnlyList<NoteSignature> lines = signed.Note.Signatures;
        byte[] bytes = new SignedNote(signed.Note.Text, [lines[0], FlipByte(lines[1], 0)]).Format();
        SignedCheckpoint tampered = SignedCheckpoint.Open(bytes, Log);

        var error = Assert.Throws<NoteVerificationException>(() => new CosignatureVerifier(NoteVectors.WitnessVerifierKey).Verify(tampered));

        Assert.Contains("no cosignature from witness.example.com/test-w1+3ef27691", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cosignature_does_not_verify_on_another_checkpoint()
    {
        SignedCheckpoint cosigned = SignedCheckpoint.Open(NoteVectors.ReadNote(File), Log);
        SignedCheckpoint size5 = SignedCheckpoint.Open(NoteVectors.ReadNote("checkpoint-size5-valid.note"), Log);
        var verifier = new CosignatureVerifier(NoteVectors.WitnessVerifierKey);

        Assert.Throws<NoteVerificationException>(() => verifier.Verify(size5.Checkpoint, cosigned.Note.Signatures[1]));
        Assert.Throws<NoteVerificationException>(() => verifier.Verify(size5.WithSignature(cosigned.Note.Signatures[1])));
    }

    [Fact]
    public void Type_04_verifier_key_checks_cosignatures_in_note_open()
    {
        byte[] bytes = NoteVectors.ReadNote(File);
        var witness = new NoteVerifier(NoteVectors.WitnessVerifierKey);
        SignedNote signed = SignedNote.Parse(bytes);
        byte[] tampered = signed.WithSignature(FlipByte(signed.Signatures[1], 40)).Format();

        Assert.Equal(2, SignedNote.Open(bytes, [Log, witness]).Verify([Log, witness]).Count);
        Assert.Single(SignedNote.Open(bytes, [witness]).Verify([witness]));
        Assert.Single(SignedNote.Open(tampered, [Log]).Verify([Log]));
        var error = Assert.Throws<NoteVerificationException>(() => SignedNote.Open(tampered, [Log, witness]));
        Assert.Equal("invalid signature for key witness.example.com/test-w1+3ef27691", error.Message);
    }

    [Fact]
    public void Plain_note_key_is_not_a_cosignature_key()
    {
        Assert.Throws<FormatException>(() => new CosignatureVerifier(NoteVectors.LogVerifierKey));
    }

    [Fact]
    public void Cosigner_signs_and_verifier_checks_any_checkpoint_and_time()
    {
        byte[] seed = new byte[32];
        Random.Shared.NextBytes(seed);
        using var cosigner = new Cosigner("watchdog.example/w", seed);
        var checkpoint = new Checkpoint("example.com/log", 3, OversightLedger.Transparency.Hashing.Rfc6962.EmptyRoot, ["ext"]);
        var verifier = new CosignatureVerifier(cosigner.VerifierKey);

        Assert.Equal((ulong)long.MaxValue, verifier.Verify(checkpoint, cosigner.Sign(checkpoint, (ulong)long.MaxValue)));
        Assert.Equal(0UL, verifier.Verify(checkpoint, cosigner.Sign(checkpoint, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cosigner.Sign(checkpoint, (ulong)long.MaxValue + 1));
        Assert.Throws<ArgumentException>(() => new Cosigner("watchdog.example/w", seed[..31]));
        Assert.Throws<ArgumentException>(() => new Cosigner("bad name", seed));
    }

    private static NoteSignature FlipByte(NoteSignature line, int index)
    {
        byte[] raw = Convert.FromBase64String(line.Base64);
        raw[index] ^= 0x01;
        return NoteSignature.Parse($"\u2014 {line.Name} {Convert.ToBase64String(raw)}");
    }
}
