using System.Security.Cryptography;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Tests.Hashing;

public class Rfc6962Tests
{
    [Fact]
    public void EmptyRootIsTheHashOfNothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Rfc6962.EmptyRoot.ToHex());
    }

    // The first leaves and nodes of the RFC 6962 8-leaf tree (transparency-dev/merkle testonly/constants.go).
    [Theory]
    [InlineData("", "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData("00", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")]
    [InlineData("10", "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7")]
    [InlineData("2021", "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7")]
    public void HashLeafMatchesTheReferenceVectors(string entryHex, string leafHashHex)
    {
        Assert.Equal(leafHashHex, Rfc6962.HashLeaf(Convert.FromHexString(entryHex)).ToHex());
    }

    [Fact]
    public void HashChildrenMatchesTheReferenceVectors()
    {
        MerkleHash leaf0 = MerkleHash.FromHex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        MerkleHash leaf1 = MerkleHash.FromHex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");

        MerkleHash node = Rfc6962.HashChildren(leaf0, leaf1);

        Assert.Equal("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", node.ToHex());
        Assert.NotEqual(node, Rfc6962.HashChildren(leaf1, leaf0));
    }

    // Around the 1024-byte switch from a stack buffer to a pooled array, and beyond.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1022)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void HashLeafIsSha256OfZeroThenTheEntry(int length)
    {
        byte[] entry = new byte[length];
        new Random(length).NextBytes(entry);

        Assert.Equal(SHA256.HashData([0x00, .. entry]), Rfc6962.HashLeaf(entry).ToArray());
    }

    [Fact]
    public void HashChildrenIsSha256OfOneThenBothChildren()
    {
        var left = new MerkleHash(SHA256.HashData("left"u8));
        var right = new MerkleHash(SHA256.HashData("right"u8));

        Assert.Equal(SHA256.HashData([0x01, .. left.AsSpan(), .. right.AsSpan()]), Rfc6962.HashChildren(left, right).ToArray());
    }

    // The 0x00 / 0x01 prefixes keep a leaf whose bytes are two hashes apart from the node of those hashes.
    [Fact]
    public void LeavesAndNodesAreDomainSeparated()
    {
        var left = new MerkleHash(SHA256.HashData("left"u8));
        var right = new MerkleHash(SHA256.HashData("right"u8));

        Assert.NotEqual(Rfc6962.HashChildren(left, right), Rfc6962.HashLeaf([.. left.AsSpan(), .. right.AsSpan()]));
        Assert.NotEqual(Rfc6962.HashChildren(left, right), Rfc6962.HashLeaf([0x01, .. left.AsSpan(), .. right.AsSpan()]));
        Assert.Equal(0x00, Rfc6962.LeafPrefix);
        Assert.Equal(0x01, Rfc6962.NodePrefix);
    }
}
