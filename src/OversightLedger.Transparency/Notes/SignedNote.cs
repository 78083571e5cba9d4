using System.Collections.ObjectModel;

namespace OversightLedger.Transparency.Notes;

/// <summary>
/// A C2SP signed note (c2sp.org/signed-note): UTF-8 text ending in a newline, a blank line, then one or more
/// signature lines. <see cref="Open"/> follows Go's <c>golang.org/x/mod/sumdb/note.Open</c>: signatures from
/// unknown keys (name and key hash not both known) are ignored, a signature from a known key that does not verify
/// rejects the note, and at least one known key must have signed it.
/// </summary>
public sealed class SignedNote
{
    /// <summary>At most this many signature lines are read (x/mod's limit; the spec asks for at least 16).</summary>
    public const int MaxSignatures = 100;

    private readonly byte[] _text;
    private readonly ReadOnlyCollection<NoteSignature> _signatures;

    /// <summary>Puts note text and its signature lines together.</summary>
    /// <exception cref="ArgumentException">The text is not note text, or there are no (or too many) signatures.</exception>
    public SignedNote(string text, IEnumerable<NoteSignature> signatures)
        : this(NoteText.Encode(text, nameof(text)), text, [.. signatures ?? throw new ArgumentNullException(nameof(signatures))])
    {
        if (_signatures.Count is 0 or > MaxSignatures)
        {
            throw new ArgumentException($"A signed note has 1 to {MaxSignatures} signatures, not {_signatures.Count}.", nameof(signatures));
        }

        if (_signatures.Any(s => s is null))
        {
            throw new ArgumentException("A signature is null.", nameof(signatures));
        }
    }

    private SignedNote(byte[] textBytes, string text, NoteSignature[] signatures)
    {
        _text = textBytes;
        Text = text;
        _signatures = Array.AsReadOnly(signatures);
    }

    /// <summary>The signed text, including its final newline.</summary>
    public string Text { get; }

    /// <summary>Every signature line in order, verified or not, as read.</summary>
    public IReadOnlyList<NoteSignature> Signatures => _signatures;

    /// <summary>Reads the structure of a signed note without checking any signature.</summary>
    /// <exception cref="FormatException">The bytes are not a well-formed signed note.</exception>
    public static SignedNote Parse(ReadOnlySpan<byte> note)
    {
        if (NoteText.FindViolation(note) is { } violation)
        {
            throw new FormatException($"note is malformed: {violation}");
        }

        int split = note.LastIndexOf("\n\n"u8);
        if (split < 0)
        {
            throw new FormatException("note is malformed: no blank line separates the text from the signatures");
        }

        ReadOnlySpan<byte> text = note[..(split + 1)];
        ReadOnlySpan<byte> lines = note[(split + 2)..];
        if (lines.IsEmpty)
        {
            throw new FormatException("note is malformed: no signature lines after the blank line");
        }

        if (lines[^1] != (byte)'\n')
        {
            throw new FormatException("note is malformed: the last signature line does not end with a newline");
        }

        var signatures = new List<NoteSignature>();
        while (!lines.IsEmpty)
        {
            int end = lines.IndexOf((byte)'\n');
            if (signatures.Count == MaxSignatures)
            {
                throw new FormatException($"note is malformed: more than {MaxSignatures} signature lines");
            }

            signatures.Add(NoteSignature.Parse(NoteText.Utf8.GetString(lines[..end])));
            lines = lines[(end + 1)..];
        }

        return new SignedNote(text.ToArray(), NoteText.Utf8.GetString(text), [.. signatures]);
    }

    /// <summary>Parses a signed note and checks it against known keys (<see cref="Verify"/>).</summary>
    /// <returns>The note; its text may be trusted.</returns>
    /// <exception cref="NoteVerificationException">The note is malformed, a known key's signature fails, or no known key signed it.</exception>
    /// <exception cref="ArgumentException">Two different verifiers share a name and key hash.</exception>
    public static SignedNote Open(ReadOnlySpan<byte> note, IEnumerable<NoteVerifier> verifiers)
    {
        SignedNote parsed;
        try
        {
            parsed = Parse(note);
        }
        catch (FormatException e)
        {
            throw new NoteVerificationException(e.Message, e);
        }

        parsed.Verify(verifiers);
        return parsed;
    }

    /// <summary>
    /// Checks the signatures of known keys. A line whose name and key hash match no verifier is ignored; a repeated
    /// line of a known key after the first is ignored, as in x/mod.
    /// </summary>
    /// <returns>The verified signature lines, at least one.</returns>
    /// <exception cref="NoteVerificationException">A known key's signature fails, or no known key signed the note.</exception>
    /// <exception cref="ArgumentException">Two different verifiers share a name and key hash.</exception>
    public IReadOnlyList<NoteSignature> Verify(IEnumerable<NoteVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var known = new Dictionary<(string Name, uint KeyHash), NoteVerifier>();
        foreach (NoteVerifier verifier in verifiers)
        {
            ArgumentNullException.ThrowIfNull(verifier, nameof(verifiers));
            if (known.TryGetValue((verifier.Name, verifier.KeyHash), out NoteVerifier? other)
                && !string.Equals(other.ToString(), verifier.ToString(), StringComparison.Ordinal))
            {
                throw new ArgumentException($"Two verifier keys share the name and key hash {KeyId(verifier.Name, verifier.KeyHash)}.", nameof(verifiers));
            }

            known[(verifier.Name, verifier.KeyHash)] = verifier;
        }

        var verified = new List<NoteSignature>();
        var seen = new HashSet<(string, uint)>();
        foreach (NoteSignature signature in _signatures)
        {
            if (!known.TryGetValue((signature.Name, signature.KeyHash), out NoteVerifier? verifier)
                || !seen.Add((signature.Name, signature.KeyHash)))
            {
                continue;
            }

            if (!verifier.Verify(_text, signature.Signature.Span))
            {
                throw new NoteVerificationException($"invalid signature for key {KeyId(signature.Name, signature.KeyHash)}");
            }

            verified.Add(signature);
        }

        if (verified.Count == 0)
        {
            string expected = known.Count == 0 ? "none given" : string.Join(", ", known.Keys.Select(k => KeyId(k.Name, k.KeyHash)));
            string found = string.Join(", ", _signatures.Select(s => KeyId(s.Name, s.KeyHash)));
            throw new NoteVerificationException($"note has no signature from a known key (known: {expected}; signed by: {found})");
        }

        return verified.AsReadOnly();
    }

    /// <summary>
    /// The note with one more signature line at the end; a line of the same key (name and key hash) is replaced,
    /// as Go's <c>note.Sign</c> does. The signature is not checked here.
    /// </summary>
    /// <exception cref="InvalidOperationException">The note would have more than <see cref="MaxSignatures"/> signatures.</exception>
    public SignedNote WithSignature(NoteSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        NoteSignature[] signatures = [.. _signatures.Where(s => !s.IsFrom(signature.Name, signature.KeyHash)), signature];
        if (signatures.Length > MaxSignatures)
        {
            throw new InvalidOperationException($"A signed note has at most {MaxSignatures} signatures.");
        }

        return new SignedNote(_text, Text, signatures);
    }

    /// <summary>The note's bytes: text, blank line, one signature line each ending in a newline.</summary>
    public byte[] Format() => NoteText.Utf8.GetBytes(ToString());

    /// <summary>The note as a string (see <see cref="Format"/>).</summary>
    public override string ToString() =>
        string.Concat(Text, "\n", string.Concat(_signatures.Select(s => s.ToString() + "\n")));

    /// <summary>The bytes of <see cref="Text"/>, exactly as signed.</summary>
    internal ReadOnlySpan<byte> TextBytes => _text;

    private static string KeyId(string name, uint keyHash) => $"{name}+{NoteKeys.FormatHash(keyHash)}";
}
