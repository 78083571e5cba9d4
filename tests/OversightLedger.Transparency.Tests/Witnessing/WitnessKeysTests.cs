using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tests.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>A witness key is an ordinary Ed25519 signer key; its public side is a cosignature/v1 (type 0x04) verifier key.</summary>
public sealed class WitnessKeysTests
{
    [Fact]
    public void The_vector_witness_seed_gives_the_vector_cosignature_key()
    {
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessVectors.WitnessSignerKey);

        Assert.Equal(NoteVectors.WitnessVerifierKey, cosigner.VerifierKey);
        Assert.Equal(NoteVectors.WitnessName, cosigner.Name);
    }

    [Fact]
    public void A_generated_key_is_a_note_signer_key_whose_verifier_is_type_0x04()
    {
        (string signerKey, string verifierKey) = WitnessKeys.Generate("witness.example.org/w1");

        using var asNoteSigner = new NoteSigner(signerKey); // the secret is an ordinary signer key (type 0x01)
        using Cosigner cosigner = WitnessKeys.OpenCosigner(signerKey);
        Assert.Equal(verifierKey, cosigner.VerifierKey);
        Assert.StartsWith("witness.example.org/w1+", verifierKey, StringComparison.Ordinal);
        Assert.Equal(NoteKeys.CosignatureV1Type, Convert.FromBase64String(verifierKey.Split('+', 3)[2])[0]);
        Assert.NotEqual(asNoteSigner.KeyHash, cosigner.KeyHash); // the key hash covers the type byte
        _ = new CosignatureVerifier(verifierKey);
        Assert.NotEqual(signerKey, WitnessKeys.Generate("witness.example.org/w1").SignerKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("witness.example.org/w1+6a3b9f01+AQIDBA==")]
    [InlineData("PRIVATE+KEY+witness.example.org/w1+00000000+AdbdYKJ3eRzXJJpE7i3ygLuFJUugsrLo5pELkDavIfM7")]
    [InlineData("PRIVATE+KEY+witness.example.org/w1+00000000+BNbdYKJ3eRzXJJpE7i3ygLuFJUugsrLo5pELkDavIfM7")]
    public void A_string_that_is_not_a_signer_key_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => WitnessKeys.OpenCosigner(text));
    }

    [Fact]
    public void A_name_that_cannot_be_a_key_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WitnessKeys.Generate("two words"));
        Assert.Throws<ArgumentException>(() => WitnessKeys.Generate("a+b"));
    }
}
