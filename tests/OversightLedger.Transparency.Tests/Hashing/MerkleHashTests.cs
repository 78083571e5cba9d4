using System.Runtime.CompilerServices;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Tests.Hashing;

public class MerkleHashTests
{
    private const string EmptyHex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string EmptyBase64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    private static byte[] Counting => [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void IsThirtyTwoBytesByValue()
    {
        Assert.Equal(32, MerkleHash.Size);
        Assert.Equal(32, Unsafe.SizeOf<MerkleHash>());
    }

    [Fact]
    public void KeepsTheBytesInOrder()
    {
        var hash = new MerkleHash(Counting);

        Assert.Equal(Counting, hash.AsSpan().ToArray());
        Assert.Equal(Counting, hash.ToArray());
        byte[] copy = new byte[32];
        hash.CopyTo(copy);
        Assert.Equal(Counting, copy);
        Assert.Equal(Convert.ToHexStringLower(Counting), hash.ToHex());
    }

    [Fact]
    public void HexAndBase64RoundTrip()
    {
        MerkleHash fromHex = MerkleHash.FromHex(EmptyHex);
        MerkleHash fromBase64 = MerkleHash.FromBase64(EmptyBase64);

        Assert.Equal(fromHex, fromBase64);
        Assert.Equal(EmptyHex, fromHex.ToHex());
        Assert.Equal(EmptyBase64, fromHex.ToBase64());
        Assert.Equal(EmptyBase64, fromHex.ToString());
        Assert.Equal(fromHex, MerkleHash.FromHex(EmptyHex.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("V3JvbmdMZWFm")] // "WrongLeaf"
    [InlineData("ZG9uJ3QgY2FyZSAy")] // "don't care 2", 12 bytes
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hS")] // 30 bytes
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuA==")] // 31 bytes
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFUA")] // 33 bytes
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")] // missing padding
    [InlineData("not base64 at all!")]
    public void FromBase64RejectsAnythingButThirtyTwoBytes(string text)
    {
        Assert.Throws<FormatException>(() => MerkleHash.FromBase64(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("e3b0")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85500")]
    [InlineData("zzb0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void FromHexRejectsAnythingButSixtyFourHexDigits(string text)
    {
        Assert.Throws<FormatException>(() => MerkleHash.FromHex(text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void ConstructorRejectsOtherLengths(int length)
    {
        Assert.Throws<ArgumentException>(() => new MerkleHash(new byte[length]));
    }

    [Fact]
    public void EqualityIsByteForByte()
    {
        var a = new MerkleHash(Counting);
        var b = new MerkleHash(Counting);
        for (int i = 0; i < 32; i++)
        {
            byte[] changed = Counting;
            changed[i] ^= 0x80;
            var c = new MerkleHash(changed);

            Assert.True(a != c, $"byte {i}");
            Assert.False(a == c, $"byte {i}");
            Assert.False(a.Equals(c), $"byte {i}");
        }

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.False(a.Equals((object?)null));
        Assert.False(a.Equals(Counting));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(new MerkleHash(new byte[32]), default);
    }
}
