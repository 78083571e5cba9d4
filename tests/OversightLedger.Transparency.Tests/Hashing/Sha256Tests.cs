using System.Security.Cryptography;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Tests.Hashing;

public class Sha256Tests
{
    [Fact]
    public void Linux_hashes_through_libcrypto()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "libcrypto is looked up on Linux only");
        Assert.True(Sha256.IsNative, "libcrypto's SHA256_Init/Update/Final were not found: hashing falls back to the slow path");
    }

    [Fact]
    public void Leaf_hashes_equal_dotnets_sha256_for_every_length_up_to_2000()
    {
        var random = new Random(6962);
        for (int length = 0; length <= 2000; length++)
        {
            byte[] entry = new byte[length];
            random.NextBytes(entry);
            byte[] expected = SHA256.HashData([Rfc6962.LeafPrefix, .. entry]);
            Assert.Equal(Convert.ToHexStringLower(expected), Rfc6962.HashLeaf(entry).ToHex());
        }
    }

    [Fact]
    public void Node_hashes_equal_dotnets_sha256()
    {
        var random = new Random(9162);
        for (int i = 0; i < 500; i++)
        {
            byte[] left = new byte[32], right = new byte[32];
            random.NextBytes(left);
            random.NextBytes(right);
            byte[] expected = SHA256.HashData([Rfc6962.NodePrefix, .. left, .. right]);
            Assert.Equal(Convert.ToHexStringLower(expected), Rfc6962.HashChildren(new MerkleHash(left), new MerkleHash(right)).ToHex());
        }
    }

    [Fact]
    public void The_managed_fallback_gives_the_same_digest()
    {
        byte[] data = "{\"kind\":\"Disbursed\"}"u8.ToArray();
        byte[] fallback = new byte[32];
        Sha256.ManagedHash(Rfc6962.LeafPrefix, data, fallback);
        Assert.Equal(Rfc6962.HashLeaf(data).ToArray(), fallback);
    }
}
