using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Tests.Notes;

/// <summary>Signer and verifier key strings (c2sp.org/signed-note, x/mod's key encodings).</summary>
public sealed class NoteKeyTests
{
    public static TheoryData<string> PublishedKeyNames => [.. NoteVectors.PublishedKeyPairs.Select(k => k.GetProperty("name").GetString()!)];

    public static TheoryData<string> BadSignerKeys
    {
        get
        {
            // Based on the x/mod test key "PeterNeumann" (seed 810a…73).
            const string name = "PeterNeumann", hash = "c74f20a3";
            byte[] seed = Convert.FromHexString("810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173");
            string Key(byte type, byte[] key) => Convert.ToBase64String([type, .. key]);
            return
            [
                $"PRIVATE+KEY+{name}+{hash}",
                $"PRIVATE+KEX+{name}+{hash}+{Key(1, seed)}",
                $"private+key+{name}+{hash}+{Key(1, seed)}",
                $"{name}+{hash}+{Key(1, seed)}",
                $"PRIVATE+KEY+{name}+c74f20a4+{Key(1, seed)}",
                $"PRIVATE+KEY+{name}+c74f20a+{Key(1, seed)}",
                $"PRIVATE+KEY+{name}+c74f20a3a+{Key(1, seed)}",
                $"PRIVATE+KEY+{name}+zzzzzzzz+{Key(1, seed)}",
                $"PRIVATE+KEY+{name}+{hash}+{Key(2, seed)}",
                $"PRIVATE+KEY+{name}+{hash}+{Key(4, seed)}",
                $"PRIVATE+KEY+{name}+{hash}+{Key(1, seed[..31])}",
                $"PRIVATE+KEY+{name}+{hash}+{Key(1, [.. seed, 0])}",
                $"PRIVATE+KEY+{name}+{hash}+",
                $"PRIVATE+KEY+{name}+{hash}+!!!!",
                $"PRIVATE+KEY+{name}+{hash}+ {Key(1, seed)}",
                $"PRIVATE+KEY+{name}+{hash}+{Key(1, seed)}\n",
                $"PRIVATE+KEY++{hash}+{Key(1, seed)}",
                $"PRIVATE+KEY+Peter Neumann+{hash}+{Key(1, seed)}",
            ];
        }
    }

    public static TheoryData<string> BadVerifierKeys
    {
        get
        {
            const string name = "PeterNeumann", hash = "c74f20a3";
            byte[] key = Convert.FromHexString("1a5cd907143c384c41e830c5bce12aa8817ec5649aaabf2c31388b35b2d744d6");
            string Key(byte type, byte[] bytes) => Convert.ToBase64String([type, .. bytes]);
            return
            [
                $"{name}+{hash}",
                $"{name}+c74f20a4+{Key(1, key)}",
                $"{name}+c74f20a+{Key(1, key)}",
                $"{name}+0xc74f20a3+{Key(1, key)}",
                $"{name}+{hash}+{Key(2, key)}",
                $"{name}+{hash}+{Key(4, key)}",
                $"{name}+{hash}+{Key(1, key[..31])}",
                $"{name}+{hash}+",
                $"{name}+{hash}+{Key(1, key)}\n",
                $"+{hash}+{Key(1, key)}",
                $"Peter\tNeumann+{hash}+{Key(1, key)}",
                $"PRIVATE+KEY+{name}+{hash}+{Key(1, key)}",
            ];
        }
    }

    [Theory]
    [MemberData(nameof(PublishedKeyNames))]
    public void Published_signer_key_derives_its_verifier_key(string name)
    {
        JsonElement pair = NoteVectors.PublishedKeyPairs.Single(k => k.GetProperty("name").GetString() == name);
        string vkey = pair.GetProperty("vkey").GetString()!;
        uint keyId = uint.Parse(pair.GetProperty("keyIdHex").GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        using var signer = new NoteSigner(pair.GetProperty("skey").GetString()!);
        var verifier = new NoteVerifier(vkey);

        Assert.Equal(vkey, signer.VerifierKey);
        Assert.Equal(name, signer.Name);
        Assert.Equal(keyId, signer.KeyHash);
        Assert.Equal(name, verifier.Name);
        Assert.Equal(keyId, verifier.KeyHash);
        Assert.Equal(vkey, verifier.ToString());
    }

    [Theory]
    [MemberData(nameof(PublishedKeyNames))]
    public void Key_hash_is_sha256_of_name_newline_type_and_public_key(string name)
    {
        JsonElement pair = NoteVectors.PublishedKeyPairs.Single(k => k.GetProperty("name").GetString() == name);
        byte[] publicKey = Convert.FromHexString(pair.GetProperty("publicKeyHex").GetString()!);
        byte[] preimage = Convert.FromHexString(pair.GetProperty("keyIdPreimageHex").GetString()!);

        Assert.Equal([.. Encoding.UTF8.GetBytes(name), (byte)'\n', 0x01, .. publicKey], preimage);
        Assert.Equal(pair.GetProperty("keyIdHex").GetString(), Convert.ToHexStringLower(SHA256.HashData(preimage)[..4]));
        Assert.Equal(pair.GetProperty("keyIdHex").GetString(), NoteKeys.FormatHash(NoteKeys.KeyHash(name, 0x01, publicKey)));
    }

    [Fact]
    public void Generated_log_key_of_the_vectors_derives_its_verifier_key()
    {
        JsonElement log = NoteVectors.GeneratedKey("log");
        byte[] seed = SHA256.HashData("anchors test-only log key seed"u8);
        using var signer = new NoteSigner(NoteVectors.LogSignerKey);

        Assert.Equal(log.GetProperty("seedHex").GetString(), Convert.ToHexStringLower(seed));
        Assert.Equal(NoteVectors.LogVerifierKey, signer.VerifierKey);
    }

    [Fact]
    public void Go_tlog_signer_key_derives_the_go_tlog_verifier_key()
    {
        using var signer = new NoteSigner(NoteVectors.GoTlogKey("signer-key.txt"));

        Assert.Equal(NoteVectors.GoTlogKey("verifier-key.txt"), signer.VerifierKey);
    }

    [Theory]
    [MemberData(nameof(BadSignerKeys))]
    public void Malformed_signer_key_is_refused(string signerKey) =>
        Assert.Throws<FormatException>(() => new NoteSigner(signerKey));

    [Theory]
    [MemberData(nameof(BadVerifierKeys))]
    public void Malformed_verifier_key_is_refused(string verifierKey) =>
        Assert.Throws<FormatException>(() => new NoteVerifier(verifierKey));

    [Fact]
    public void Signer_key_error_does_not_show_the_key()
    {
        string skey = "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

        var error = Assert.Throws<FormatException>(() => new NoteSigner(skey));

        Assert.DoesNotContain("AYEKFALV", error.Message, StringComparison.Ordinal);
        Assert.Contains("c74f20a3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upper_case_key_hash_is_read_as_go_reads_it()
    {
        var verifier = new NoteVerifier("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");

        Assert.Equal(0xc74f20a3u, verifier.KeyHash);
        Assert.Equal("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", verifier.ToString());
    }

    [Fact]
    public void Generated_key_pair_signs_and_verifies()
    {
        (string skey, string vkey) = NoteSigner.Generate("example.com/fresh-log");
        (string otherSkey, _) = NoteSigner.Generate("example.com/fresh-log");
        using var signer = new NoteSigner(skey);
        var verifier = new NoteVerifier(vkey);
        const string text = "hello\n";

        SignedNote note = SignedNote.Open(new SignedNote(text, [signer.Sign(text)]).Format(), [verifier]);

        Assert.StartsWith("PRIVATE+KEY+example.com/fresh-log+", skey, StringComparison.Ordinal);
        Assert.Equal(vkey, signer.VerifierKey);
        Assert.Equal(text, note.Text);
        Assert.NotEqual(skey, otherSkey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a+b")]
    [InlineData("a b")]
    [InlineData("a\u00a0b")]
    [InlineData("a\u2003b")]
    [InlineData("a\nb")]
    public void Generate_refuses_an_invalid_name(string name) =>
        Assert.Throws<ArgumentException>(() => NoteSigner.Generate(name));

    [Fact]
    public void Ed25519_signatures_are_deterministic_and_64_bytes()
    {
        using var signer = new NoteSigner(NoteVectors.LogSignerKey);

        NoteSignature first = signer.Sign("text\n");
        NoteSignature second = signer.Sign("text\n");

        Assert.Equal(first, second);
        Assert.Equal(64, first.Signature.Length);
        Assert.Equal(0xb84cd81eu, first.KeyHash);
    }
}
