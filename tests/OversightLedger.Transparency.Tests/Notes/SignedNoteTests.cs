using System.Text;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Tests.Notes;

/// <summary>The signed-note rules of x/mod's <c>note.Open</c> and <c>note.Sign</c>, on notes made here.</summary>
public sealed class SignedNoteTests : IDisposable
{
    private const string Text = "example.com/relief-ledger-test\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";
    private const string EmDash = "\u2014";

    private readonly NoteSigner _signer = new(NoteVectors.LogSignerKey);
    private readonly NoteVerifier _verifier = new(NoteVectors.LogVerifierKey);

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void Signed_note_is_text_blank_line_and_signature_lines()
    {
        var note = new SignedNote(Text, [_signer.Sign(Text)]);

        Assert.Equal(NoteVectors.ReadNote("checkpoint-size8-valid.note"), note.Format());
        Assert.StartsWith(Text + "\n" + EmDash + " example.com/relief-ledger-test ", note.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_with_blank_lines_is_split_at_the_last_blank_line()
    {
        const string text = "first\n\nsecond\n\n";
        byte[] bytes = new SignedNote(text, [_signer.Sign(text)]).Format();

        Assert.Equal(text, SignedNote.Open(bytes, [_verifier]).Text);
    }

    [Theory]
    [InlineData("no final newline")]
    [InlineData("carriage\r\nreturn\n")]
    [InlineData("tab\there\n")]
    [InlineData("lone surrogate\n")]
    public void Invalid_text_cannot_be_signed(string text)
    {
        // A lone surrogate does not survive test-case serialisation, so it is put in here.
        text = text.Replace("lone", "lone \ud800", StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => _signer.Sign(text));
        Assert.Throws<ArgumentException>(() => new SignedNote(text, [_signer.Sign(Text)]));
    }

    [Fact]
    public void A_note_needs_a_signature() =>
        Assert.Throws<ArgumentException>(() => new SignedNote(Text, []));

    [Theory]
    [InlineData("missing final newline", "does not end with a newline")]
    [InlineData("signature lines missing", "no signature lines")]
    [InlineData("invalid UTF-8", "not valid UTF-8")]
    [InlineData("control character in text", "U+0001")]
    [InlineData("em dash without space", "em dash")]
    [InlineData("no base64", "does not hold base64")]
    [InlineData("base64 with space inside", "does not hold base64")]
    [InlineData("four bytes only", "at least 5")]
    [InlineData("name with plus", "invalid key name")]
    [InlineData("text line among signatures", "em dash")]
    public void Malformed_note_is_refused(string what, string reason)
    {
        string line = _signer.Sign(Text).ToString();
        string note = what switch
        {
            "missing final newline" => $"{Text}\n{line}",
            "signature lines missing" => $"{Text}\n",
            "invalid UTF-8" => "\uFFFF",
            "control character in text" => $"a\u0001b\n\n{line}\n",
            "em dash without space" => $"{Text}\n{EmDash}{line[2..]}\n",
            "no base64" => $"{Text}\n{EmDash} example.com/relief-ledger-test\n",
            "base64 with space inside" => $"{Text}\n{line[..60]} {line[60..]}\n",
            "four bytes only" => $"{Text}\n{EmDash} example.com/relief-ledger-test uEzYHg==\n",
            "name with plus" => $"{Text}\n{EmDash} a+b {line.Split(' ')[^1]}\n",
            "text line among signatures" => $"{Text}\n{line}\nnot a signature\n",
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        byte[] bytes = what == "invalid UTF-8" ? [.. Encoding.UTF8.GetBytes($"{Text}\n{line}\n"), 0xff, (byte)'\n'] : Encoding.UTF8.GetBytes(note);

        Assert.Throws<FormatException>(() => SignedNote.Parse(bytes));
        var error = Assert.Throws<NoteVerificationException>(() => SignedNote.Open(bytes, [_verifier]));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Note_of_only_unknown_keys_is_refused()
    {
        (string skey, _) = NoteSigner.Generate("someone.example");
        using var stranger = new NoteSigner(skey);
        byte[] bytes = new SignedNote(Text, [stranger.Sign(Text)]).Format();

        var error = Assert.Throws<NoteVerificationException>(() => SignedNote.Open(bytes, [_verifier]));

        Assert.Contains("someone.example+", error.Message, StringComparison.Ordinal);
        Assert.Contains("example.com/relief-ledger-test+b84cd81e", error.Message, StringComparison.Ordinal);
        Assert.Throws<NoteVerificationException>(() => SignedNote.Open(bytes, []));
    }

    [Fact]
    public void Unknown_signatures_before_and_after_the_known_one_are_ignored()
    {
        (string skey, _) = NoteSigner.Generate("someone.example");
        using var stranger = new NoteSigner(skey);
        NoteSignature unknown = stranger.Sign(Text);
        byte[] bytes = new SignedNote(Text, [unknown, _signer.Sign(Text), unknown]).Format();

        SignedNote note = SignedNote.Open(bytes, [_verifier]);

        Assert.Equal(3, note.Signatures.Count);
        Assert.Equal(bytes, note.Format());
    }

    [Fact]
    public void A_bad_signature_of_a_known_key_rejects_the_note_even_beside_a_good_one()
    {
        (string skey, string vkey) = NoteSigner.Generate("witness.example");
        using var witness = new NoteSigner(skey);
        NoteSignature forged = NoteSignature.Parse(Flip(witness.Sign(Text).ToString(), 40));
        byte[] bytes = new SignedNote(Text, [_signer.Sign(Text), forged]).Format();

        SignedNote.Open(bytes, [_verifier]);
        var error = Assert.Throws<NoteVerificationException>(() => SignedNote.Open(bytes, [_verifier, new NoteVerifier(vkey)]));
        Assert.Equal($"invalid signature for key witness.example+{witness.KeyHash:x8}", error.Message);
    }

    [Fact]
    public void Repeated_lines_of_a_known_key_count_once_as_in_x_mod()
    {
        NoteSignature good = _signer.Sign(Text);
        NoteSignature bad = NoteSignature.Parse(Flip(good.ToString(), 40));

        SignedNote goodFirst = SignedNote.Parse(new SignedNote(Text, [good, bad]).Format());
        SignedNote badFirst = SignedNote.Parse(new SignedNote(Text, [bad, good]).Format());

        Assert.Single(goodFirst.Verify([_verifier]));
        Assert.Throws<NoteVerificationException>(() => badFirst.Verify([_verifier]));
    }

    [Fact]
    public void At_most_100_signature_lines_are_read()
    {
        NoteSignature line = _signer.Sign(Text);
        string note100 = Text + "\n" + string.Concat(Enumerable.Repeat(line + "\n", 100));
        string note101 = note100 + line + "\n";

        SignedNote.Open(Encoding.UTF8.GetBytes(note100), [_verifier]);
        var error = Assert.Throws<NoteVerificationException>(() => SignedNote.Open(Encoding.UTF8.GetBytes(note101), [_verifier]));
        Assert.Contains("more than 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_verifier_key_given_twice_is_not_ambiguous()
    {
        // Two different keys with one name and hash need a 32-bit hash collision, so only this side is testable.
        var same = new NoteVerifier(NoteVectors.LogVerifierKey);
        byte[] bytes = new SignedNote(Text, [_signer.Sign(Text)]).Format();

        Assert.Single(SignedNote.Open(bytes, [_verifier, same]).Verify([_verifier, same]));
    }

    [Fact]
    public void With_signature_appends_and_replaces_the_same_key()
    {
        (string skey, string vkey) = NoteSigner.Generate("witness.example");
        using var witness = new NoteSigner(skey);
        var note = new SignedNote(Text, [_signer.Sign(Text)]);

        SignedNote twice = note.WithSignature(witness.Sign(Text)).WithSignature(witness.Sign(Text));
        SignedNote resigned = twice.WithSignature(_signer.Sign(Text));

        Assert.Equal(["example.com/relief-ledger-test", "witness.example"], twice.Signatures.Select(s => s.Name));
        Assert.Equal(["witness.example", "example.com/relief-ledger-test"], resigned.Signatures.Select(s => s.Name));
        Assert.Equal(2, SignedNote.Open(resigned.Format(), [_verifier, new NoteVerifier(vkey)]).Verify([_verifier, new NoteVerifier(vkey)]).Count);
        Assert.Single(note.Signatures);
    }

    [Fact]
    public void Signature_line_parses_and_prints_back()
    {
        string line = $"{EmDash} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

        NoteSignature signature = NoteSignature.Parse(line);

        Assert.Equal("PeterNeumann", signature.Name);
        Assert.Equal(0xc74f20a3u, signature.KeyHash);
        Assert.Equal(64, signature.Signature.Length);
        Assert.Equal(line, signature.ToString());
        Assert.Equal(signature, NoteSignature.Parse(line));
    }

    private static string Flip(string line, int index)
    {
        char[] chars = line.ToCharArray();
        chars[index] = chars[index] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}
