using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OversightLedger.Transparency.Hashing;

/// <summary>A 32-byte SHA-256 hash of a Merkle tree node or leaf (RFC 6962), held by value.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
public readonly struct MerkleHash : IEquatable<MerkleHash>
{
    /// <summary>The size of a hash in bytes (32).</summary>
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    /// <summary>Reads a hash from exactly <see cref="Size"/> bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 32 bytes long.</exception>
    public MerkleHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A Merkle hash is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
    }

    /// <summary>The hash's bytes, without copying.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(in _a, 4));

    /// <summary>Copies the hash into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => AsSpan().CopyTo(destination);

    /// <summary>The hash as a new array.</summary>
    public byte[] ToArray() => AsSpan().ToArray();

    /// <summary>Standard base64 with padding, as in checkpoints and proofs.</summary>
    public string ToBase64() => Convert.ToBase64String(AsSpan());

    /// <summary>Lower-case hex.</summary>
    public string ToHex() => Convert.ToHexStringLower(AsSpan());

    /// <summary>Parses standard base64 of exactly 32 bytes.</summary>
    /// <exception cref="FormatException">The text is not base64 of a 32-byte hash.</exception>
    public static MerkleHash FromBase64(string text)
    {
        Span<byte> buffer = stackalloc byte[Size + 3];
        if (!Convert.TryFromBase64String(text, buffer, out int written) || written != Size)
        {
            throw new FormatException($"'{Truncate(text)}' is not the base64 of a {Size}-byte hash.");
        }

        return new MerkleHash(buffer[..Size]);
    }

    /// <summary>Parses 64 hex digits.</summary>
    /// <exception cref="FormatException">The text is not the hex of a 32-byte hash.</exception>
    public static MerkleHash FromHex(string text)
    {
        if (text.Length != Size * 2)
        {
            throw new FormatException($"'{Truncate(text)}' is not the hex of a {Size}-byte hash.");
        }

        return new MerkleHash(Convert.FromHexString(text));
    }

    /// <inheritdoc/>
    public bool Equals(MerkleHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MerkleHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)_a;

    /// <summary>Base64, as the log formats write hashes.</summary>
    public override string ToString() => ToBase64();

    /// <summary>Compares two hashes byte for byte.</summary>
    public static bool operator ==(MerkleHash left, MerkleHash right) => left.Equals(right);

    /// <summary>Compares two hashes byte for byte.</summary>
    public static bool operator !=(MerkleHash left, MerkleHash right) => !left.Equals(right);

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
