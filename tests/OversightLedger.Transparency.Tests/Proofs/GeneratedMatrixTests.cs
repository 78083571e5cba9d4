using System.Text.Json;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

/// <summary>
/// vectors/rfc6962-generated-matrix.json: every inclusion proof (0 ≤ i &lt; n) and consistency proof
/// (1 ≤ m ≤ n) for two leaf sets, generated with Go's sumdb/tlog. Ours must be byte-identical and verify.
/// </summary>
public class GeneratedMatrixTests
{
    private static readonly Lazy<JsonElement> Sets = new(() =>
    {
        using JsonDocument document = VectorFiles.LoadVectors("rfc6962-generated-matrix.json");
        return document.RootElement.GetProperty("sets").Clone();
    });

    public static TheoryData<string> SetNames() => [.. Sets.Value.EnumerateObject().Select(set => set.Name)];

    [Fact]
    public void BothSetsArePresent()
    {
        Assert.Equal(["bytes-0-to-19", "rfc6962-8"], Sets.Value.EnumerateObject().Select(set => set.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SetNames))]
    public async Task LeafHashesAndRootsOfEverySizeMatch(string name)
    {
        MatrixSet set = MatrixSet.Load(Sets.Value.GetProperty(name));
        Assert.Equal(set.Entries.Length + 1, set.Roots.Length);
        Assert.Equal(set.LeafHashes, set.Entries.Select(entry => Rfc6962.HashLeaf(entry)));

        for (int size = 0; size <= set.Entries.Length; size++)
        {
            var reader = InMemoryNodeHashReader.FromEntries(set.Entries.Take(size));
            Assert.Equal(set.Roots[size], await ProofBuilder.RootAsync(reader, (ulong)size, TestContext.Current.CancellationToken));
        }
    }

    [Theory]
    [MemberData(nameof(SetNames))]
    public async Task EveryInclusionProofEqualsTheVectorAndVerifies(string name)
    {
        JsonElement json = Sets.Value.GetProperty(name);
        MatrixSet set = MatrixSet.Load(json);
        int n = set.Entries.Length;
        JsonElement[] rows = [.. json.GetProperty("inclusionProofs").EnumerateArray()];
        Assert.Equal(n * (n + 1) / 2, rows.Length);

        foreach (JsonElement row in rows)
        {
            ulong index = row.GetProperty("leafIndex").GetUInt64();
            ulong size = row.GetProperty("treeSize").GetUInt64();
            MerkleHash[] expected = HexList(row.GetProperty("proofHex"));
            var reader = InMemoryNodeHashReader.FromEntries(set.Entries.Take((int)size));

            MerkleHash[] proof = await ProofBuilder.InclusionAsync(reader, index, size, TestContext.Current.CancellationToken);

            Assert.True(expected.SequenceEqual(proof), $"{name}: inclusion proof of leaf {index} in tree of size {size} differs");
            ProofVerifier.VerifyInclusion(index, size, set.LeafHashes[index], proof, set.Roots[size]);
        }
    }

    [Theory]
    [MemberData(nameof(SetNames))]
    public async Task EveryConsistencyProofEqualsTheVectorAndVerifies(string name)
    {
        JsonElement json = Sets.Value.GetProperty(name);
        MatrixSet set = MatrixSet.Load(json);
        int n = set.Entries.Length;
        JsonElement[] rows = [.. json.GetProperty("consistencyProofs").EnumerateArray()];
        Assert.Equal(n * (n + 1) / 2, rows.Length);

        foreach (JsonElement row in rows)
        {
            ulong size1 = row.GetProperty("size1").GetUInt64();
            ulong size2 = row.GetProperty("size2").GetUInt64();
            MerkleHash[] expected = HexList(row.GetProperty("proofHex"));
            var reader = InMemoryNodeHashReader.FromEntries(set.Entries.Take((int)size2));

            MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(reader, size1, size2, TestContext.Current.CancellationToken);

            Assert.True(expected.SequenceEqual(proof), $"{name}: consistency proof from {size1} to {size2} differs");
            ProofVerifier.VerifyConsistency(size1, size2, set.Roots[size1], set.Roots[size2], proof);
        }
    }

    // The naive reference is the oracle of the property tests: check it against the Go-generated matrix too.
    [Theory]
    [MemberData(nameof(SetNames))]
    public void TheNaiveReferenceReproducesTheMatrix(string name)
    {
        JsonElement json = Sets.Value.GetProperty(name);
        MatrixSet set = MatrixSet.Load(json);
        var tree = new ReferenceMerkleTree(set.Entries);

        for (int size = 0; size <= set.Entries.Length; size++)
        {
            Assert.Equal(set.Roots[size], new MerkleHash(tree.Mth(size)));
        }

        foreach (JsonElement row in json.GetProperty("inclusionProofs").EnumerateArray())
        {
            Assert.Equal(
                HexList(row.GetProperty("proofHex")),
                TestTree.ToHashes(tree.Path(row.GetProperty("leafIndex").GetInt32(), row.GetProperty("treeSize").GetInt32())));
        }

        foreach (JsonElement row in json.GetProperty("consistencyProofs").EnumerateArray())
        {
            Assert.Equal(
                HexList(row.GetProperty("proofHex")),
                TestTree.ToHashes(tree.Proof(row.GetProperty("size1").GetInt32(), row.GetProperty("size2").GetInt32())));
        }
    }

    private static MerkleHash[] HexList(JsonElement array) => [.. array.EnumerateArray().Select(hex => MerkleHash.FromHex(hex.GetString()!))];

    private sealed record MatrixSet(byte[][] Entries, MerkleHash[] LeafHashes, MerkleHash[] Roots)
    {
        public static MatrixSet Load(JsonElement json) => new(
            [.. json.GetProperty("leafInputsHex").EnumerateArray().Select(hex => Convert.FromHexString(hex.GetString()!))],
            HexList(json.GetProperty("leafHashesHex")),
            HexList(json.GetProperty("rootsBySizeHex")));
    }
}
