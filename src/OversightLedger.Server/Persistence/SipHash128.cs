using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OversightLedger.Server.Persistence;

/// <summary>
/// SipHash-2-4 with its 128-bit output (Aumasson and Bernstein, "SipHash: a fast short-input PRF"): a pseudorandom
/// function of a 16-byte secret key, designed so that without the key no input can be crafted to collide (the
/// hash-flooding defence of hash tables), at a fraction of HMAC-SHA-256's cost on short inputs and with no call into
/// native code. The sequencer's index keys its id fingerprints with it (<see cref="SqliteLogEntryIndex"/>).
/// </summary>
internal static class SipHash128
{
    /// <summary>The key's length in bytes.</summary>
    public const int KeySize = 16;

    /// <summary>The output's length in bytes.</summary>
    public const int HashSize = 16;

    /// <summary>Writes the 16-byte SipHash-2-4-128 of <paramref name="message"/> under <paramref name="key"/> to <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A SipHash key is {KeySize} bytes, not {key.Length}.", nameof(key));
        }

        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"A SipHash-128 output is {HashSize} bytes.", nameof(destination));
        }

        ulong k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
        ulong v0 = 0x736f6d6570736575UL ^ k0;
        ulong v1 = 0x646f72616e646f6dUL ^ k1 ^ 0xee;
        ulong v2 = 0x6c7967656e657261UL ^ k0;
        ulong v3 = 0x7465646279746573UL ^ k1;

        int whole = message.Length & ~7;
        for (int offset = 0; offset < whole; offset += 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(message[offset..]);
            v3 ^= word;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= word;
        }

        // The last block: the remaining bytes, little-endian, with the message's length (mod 256) in the top byte.
        ulong last = (ulong)message.Length << 56;
        ReadOnlySpan<byte> tail = message[whole..];
        for (int i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xee;
        for (int i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination, v0 ^ v1 ^ v2 ^ v3);
        v1 ^= 0xdd;
        for (int i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], v0 ^ v1 ^ v2 ^ v3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
