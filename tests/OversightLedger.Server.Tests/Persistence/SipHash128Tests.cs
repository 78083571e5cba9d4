using OversightLedger.Server.Persistence;

namespace OversightLedger.Server.Tests.Persistence;

/// <summary>
/// The sequencer index's fingerprint function is SipHash-2-4 with 128-bit output: the reference test vectors (key
/// 00..0f, message 00..(n-1), from the authors' vectors.h), and its dependence on every key and message byte.
/// </summary>
public sealed class SipHash128Tests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    [Theory]
    [InlineData(0, "a3817f04ba25a8e66df67214c7550293")]
    [InlineData(1, "da87c1d86b99af44347659119b22fc45")]
    [InlineData(7, "a1f1ebbed8dbc153c0b84aa61ff08239")]
    [InlineData(8, "3b62a9ba6258f5610f83e264f31497b4")]
    [InlineData(15, "5493e99933b0a8117e08ec0f97cfc3d9")]
    [InlineData(16, "6ee2a4ca67b054bbfd3315bf85230577")]
    [InlineData(63, "5150d1772f50834a503e069a973fbd7c")]
    public void It_matches_the_reference_vectors(int length, string expected)
    {
        byte[] message = [.. Enumerable.Range(0, length).Select(i => (byte)i)];
        byte[] hash = new byte[SipHash128.HashSize];
        SipHash128.Hash(Key, message, hash);
        Assert.Equal(expected, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void Every_key_bit_and_message_byte_changes_the_hash_and_a_wrong_key_length_is_refused()
    {
        byte[] message = "disbursement-00000001"u8.ToArray();
        byte[] reference = new byte[SipHash128.HashSize];
        SipHash128.Hash(Key, message, reference);
        var seen = new HashSet<string>(StringComparer.Ordinal) { Convert.ToHexString(reference) };
        byte[] hash = new byte[SipHash128.HashSize];
        for (int bit = 0; bit < 128; bit++)
        {
            byte[] key = [.. Key];
            key[bit / 8] ^= (byte)(1 << (bit % 8));
            SipHash128.Hash(key, message, hash);
            Assert.True(seen.Add(Convert.ToHexString(hash)), $"key bit {bit}");
        }

        for (int i = 0; i < message.Length; i++)
        {
            byte[] changed = [.. message];
            changed[i] ^= 1;
            SipHash128.Hash(Key, changed, hash);
            Assert.True(seen.Add(Convert.ToHexString(hash)), $"message byte {i}");
        }

        Assert.Throws<ArgumentException>(() => SipHash128.Hash(new byte[32], message, hash));
        Assert.Throws<ArgumentException>(() => SipHash128.Hash(Key, message, new byte[8]));
    }
}
