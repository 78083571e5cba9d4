using System.Text.Json;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

/// <summary>
/// The classic 8-leaf RFC 6962 vectors (transparency-dev/merkle testonly/constants.go and
/// cmd/proofgen/main.go, transcribed in vectors/rfc6962-reference.json).
/// </summary>
public class Rfc6962ReferenceVectorTests
{
    private static readonly Lazy<Reference> Vectors = new(Reference.Load);

    [Fact]
    public void LeafHashesMatch()
    {
        Reference vectors = Vectors.Value;
        Assert.Equal(8, vectors.Entries.Length);

        Assert.Equal(vectors.LeafHashes, vectors.Entries.Select(entry => Rfc6962.HashLeaf(entry)));
        Assert.Equal(vectors.LeafHashes, TestTree.ToHashes(Enumerable.Range(0, 8).Select(vectors.Tree.LeafHash)));
    }

    [Fact]
    public async Task NodeHashesMatchTheInMemoryReaderAtEachNodeId()
    {
        Reference vectors = Vectors.Value;
        var reader = InMemoryNodeHashReader.FromEntries(vectors.Entries);
        JsonElement[] nodes = [.. vectors.Json.GetProperty("nodeHashes").EnumerateArray()];
        Assert.Equal(15, nodes.Length);

        NodeId[] ids = [.. nodes.Select(node => new NodeId(node.GetProperty("level").GetInt32(), node.GetProperty("index").GetUInt64()))];
        MerkleHash[] hashes = await reader.ReadHashesAsync(ids, TestContext.Current.CancellationToken);

        for (int i = 0; i < nodes.Length; i++)
        {
            JsonElement covers = nodes[i].GetProperty("coversLeaves");
            Assert.Equal(covers[0].GetUInt64(), ids[i].FirstLeaf);
            Assert.Equal(covers[1].GetUInt64(), ids[i].EndLeaf);
            Assert.Equal(MerkleHash.FromHex(nodes[i].GetProperty("hashHex").GetString()!), hashes[i]);
        }
    }

    [Fact]
    public async Task RootsForSizesZeroToEightMatch()
    {
        Reference vectors = Vectors.Value;
        JsonElement[] roots = [.. vectors.Json.GetProperty("rootHashes").EnumerateArray()];
        Assert.Equal(Enumerable.Range(0, 9), roots.Select(root => root.GetProperty("treeSize").GetInt32()));

        foreach (JsonElement row in roots)
        {
            int size = row.GetProperty("treeSize").GetInt32();
            MerkleHash expected = MerkleHash.FromHex(row.GetProperty("rootHex").GetString()!);

            // A reader that holds exactly the first `size` leaves, so nothing past the tree can be read.
            var reader = InMemoryNodeHashReader.FromEntries(vectors.Entries.Take(size));
            Assert.Equal(expected, await ProofBuilder.RootAsync(reader, (ulong)size, TestContext.Current.CancellationToken));

            // ... and one over all eight leaves, asked for the smaller tree.
            var all = InMemoryNodeHashReader.FromEntries(vectors.Entries);
            Assert.Equal(expected, await ProofBuilder.RootAsync(all, (ulong)size, TestContext.Current.CancellationToken));

            Assert.Equal(expected, new MerkleHash(vectors.Tree.Mth(size)));
        }

        Assert.Equal(Rfc6962.EmptyRoot, MerkleHash.FromHex(roots[0].GetProperty("rootHex").GetString()!));
    }

    [Fact]
    public async Task InclusionProofsMatchAndVerify()
    {
        Reference vectors = Vectors.Value;
        JsonElement[] proofs = [.. vectors.Json.GetProperty("inclusionProofs").EnumerateArray()];
        Assert.Equal(5, proofs.Length);

        foreach (JsonElement row in proofs)
        {
            int index = row.GetProperty("leafIndex").GetInt32();
            int size = row.GetProperty("treeSize").GetInt32();
            MerkleHash leaf = MerkleHash.FromHex(row.GetProperty("leafHashHex").GetString()!);
            MerkleHash root = MerkleHash.FromHex(row.GetProperty("rootHex").GetString()!);
            MerkleHash[] expected = HexList(row.GetProperty("proofHex"));
            Assert.Equal(Rfc6962.HashLeaf(Convert.FromHexString(row.GetProperty("leafInputHex").GetString()!)), leaf);
            var reader = InMemoryNodeHashReader.FromEntries(vectors.Entries.Take(size));

            MerkleHash[] proof = await ProofBuilder.InclusionAsync(reader, (ulong)index, (ulong)size, TestContext.Current.CancellationToken);

            Assert.Equal(expected, proof);
            Assert.Equal(expected, TestTree.ToHashes(vectors.Tree.Path(index, size)));
            ProofVerifier.VerifyInclusion((ulong)index, (ulong)size, leaf, proof, root);
        }
    }

    [Fact]
    public async Task ConsistencyProofsMatchAndVerify()
    {
        Reference vectors = Vectors.Value;
        JsonElement[] proofs = [.. vectors.Json.GetProperty("consistencyProofs").EnumerateArray()];
        Assert.Equal(5, proofs.Length);

        foreach (JsonElement row in proofs)
        {
            int size1 = row.GetProperty("size1").GetInt32();
            int size2 = row.GetProperty("size2").GetInt32();
            MerkleHash root1 = MerkleHash.FromHex(row.GetProperty("root1Hex").GetString()!);
            MerkleHash root2 = MerkleHash.FromHex(row.GetProperty("root2Hex").GetString()!);
            MerkleHash[] expected = HexList(row.GetProperty("proofHex"));
            var reader = InMemoryNodeHashReader.FromEntries(vectors.Entries.Take(size2));

            MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(reader, (ulong)size1, (ulong)size2, TestContext.Current.CancellationToken);

            Assert.Equal(expected, proof);
            Assert.Equal(expected, TestTree.ToHashes(vectors.Tree.Proof(size1, size2)));
            ProofVerifier.VerifyConsistency((ulong)size1, (ulong)size2, root1, root2, proof);
        }
    }

    private static MerkleHash[] HexList(JsonElement array) => [.. array.EnumerateArray().Select(hex => MerkleHash.FromHex(hex.GetString()!))];

    private sealed record Reference(JsonElement Json, byte[][] Entries, MerkleHash[] LeafHashes, ReferenceMerkleTree Tree)
    {
        public static Reference Load()
        {
            using JsonDocument document = VectorFiles.LoadVectors("rfc6962-reference.json");
            JsonElement json = document.RootElement.Clone();
            byte[][] entries = [.. json.GetProperty("leafInputsHex").EnumerateArray().Select(hex => Convert.FromHexString(hex.GetString()!))];
            MerkleHash[] leafHashes = HexList(json.GetProperty("leafHashesHex"));
            return new Reference(json, entries, leafHashes, new ReferenceMerkleTree(entries));
        }
    }
}
