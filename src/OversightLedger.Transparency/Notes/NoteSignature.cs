using System.Buffers.Binary;

namespace OversightLedger.Transparency.Notes;

/// <summary>
/// One signature line of a signed note: <c>— &lt;key name&gt; &lt;base64(4-byte key hash ‖ signature)&gt;</c>
/// (U+2014 em dash, space). The base64 text is kept as it was read, so a note re-serialises byte for byte.
/// </summary>
public sealed class NoteSignature : IEquatable<NoteSignature>
{
    /// <summary>The start of every signature line: U+2014 EM DASH and a space.</summary>
    internal const string LinePrefix = "\u2014 ";

    private readonly byte[] _signature;

    private NoteSignature(string name, uint keyHash, byte[] signature, string base64)
    {
        Name = name;
        KeyHash = keyHash;
        _signature = signature;
        Base64 = base64;
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>The key hash (key ID): the first four bytes of the decoded signature, big-endian.</summary>
    public uint KeyHash { get; }

    /// <summary>The base64 of key hash ‖ signature, exactly as in the line.</summary>
    public string Base64 { get; }

    /// <summary>The signature bytes after the key hash (for Ed25519 64 bytes; for cosignature/v1 8 + 64).</summary>
    public ReadOnlyMemory<byte> Signature => _signature;

    /// <summary>Parses one signature line, without its newline.</summary>
    /// <exception cref="FormatException">The line is not <c>— name base64</c> with at least 5 decoded bytes.</exception>
    public static NoteSignature Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(LinePrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"signature line '{Shorten(line)}' does not start with an em dash (U+2014) and a space");
        }

        string rest = line[LinePrefix.Length..];
        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        string name = space < 0 ? rest : rest[..space];
        string base64 = space < 0 ? string.Empty : rest[(space + 1)..];
        if (!NoteKeys.IsValidName(name))
        {
            throw new FormatException($"signature line '{Shorten(line)}' has an invalid key name");
        }

        if (base64.Length == 0 || !NoteBase64.TryDecode(base64, strict: false, out byte[] raw))
        {
            throw new FormatException($"signature line for '{name}' does not hold base64 after the name");
        }

        if (raw.Length < 5)
        {
            throw new FormatException($"signature line for '{name}' decodes to {raw.Length} bytes; a key hash and a signature need at least 5");
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(raw), raw[4..], base64);
    }

    /// <summary>The line, <c>— name base64</c>, without a newline.</summary>
    public override string ToString() => $"{LinePrefix}{Name} {Base64}";

    /// <inheritdoc/>
    public bool Equals(NoteSignature? other) =>
        other is not null && Name == other.Name && KeyHash == other.KeyHash && Base64 == other.Base64;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NoteSignature);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, KeyHash, Base64);

    /// <summary>A signature line from a key and its signature bytes.</summary>
    internal static NoteSignature Create(string name, uint keyHash, ReadOnlySpan<byte> signature)
    {
        byte[] raw = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(raw, keyHash);
        signature.CopyTo(raw.AsSpan(4));
        return new NoteSignature(name, keyHash, signature.ToArray(), Convert.ToBase64String(raw));
    }

    /// <summary>Whether this line was made by the key <paramref name="name"/>+<paramref name="keyHash"/>.</summary>
    internal bool IsFrom(string name, uint keyHash) => KeyHash == keyHash && string.Equals(Name, name, StringComparison.Ordinal);

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
