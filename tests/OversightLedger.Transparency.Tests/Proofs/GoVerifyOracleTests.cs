using System.Text.Json;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

/// <summary>
/// Cross-checks against goverify, an independent oracle on Go's golang.org/x/mod/sumdb/tlog. The oracle
/// is required: when it was not built these tests fail (they do not skip).
/// </summary>
public class GoVerifyOracleTests
{
    private const int MaxLeaves = 600;
    private const int SampledProofs = 6;

    [Fact]
    public async Task RootsAndSampledProofsOfRandomTreesEqualGoTlog()
    {
        string goverify = GoVerifyProcess.Executable;
        Assert.True(File.Exists(goverify), goverify);
        CancellationToken cancel = TestContext.Current.CancellationToken;
        int seed = Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}");
        var random = new Random(seed);

        int[] sizes = [random.Next(1, MaxLeaves + 1), random.Next(1, MaxLeaves + 1), random.Next(1, MaxLeaves + 1), random.Next(1, 17)];
        foreach (int size in sizes)
        {
            byte[][] entries = [.. Enumerable.Range(0, size).Select(_ => RandomEntry(random))];
            string[] leafArguments = [.. entries.Select(entry => entry.Length == 0 ? "-" : Convert.ToHexStringLower(entry))];
            var reader = InMemoryNodeHashReader.FromEntries(entries);
            string what = $"seed {seed}, tree of {size}";

            // Every root from 0 to size, and the leaf hashes.
            using (JsonDocument output = await GoVerifyProcess.RunAsync(["root", .. leafArguments], cancel))
            {
                JsonElement json = output.RootElement;
                Assert.Equal(
                    [.. entries.Select(entry => Rfc6962.HashLeaf(entry).ToHex())],
                    json.GetProperty("leafHashes").EnumerateArray().Select(hash => hash.GetString()!));
                JsonElement[] roots = [.. json.GetProperty("roots").EnumerateArray()];
                Assert.Equal(size + 1, roots.Length);
                foreach (JsonElement row in roots)
                {
                    ulong n = row.GetProperty("size").GetUInt64();
                    MerkleHash ours = await ProofBuilder.RootAsync(reader, n, cancel);
                    Assert.True(ours.ToHex() == row.GetProperty("rootHex").GetString(), $"{what}: root of size {n}");
                    Assert.Equal(ours.ToBase64(), row.GetProperty("rootBase64").GetString());
                }
            }

            MerkleHash root = await ProofBuilder.RootAsync(reader, (ulong)size, cancel);
            foreach (int index in Sample(random, 0, size - 1))
            {
                using JsonDocument output = await GoVerifyProcess.RunAsync(["prove-inclusion", index.ToString(System.Globalization.CultureInfo.InvariantCulture), .. leafArguments], cancel);
                JsonElement json = output.RootElement;
                MerkleHash[] ours = await ProofBuilder.InclusionAsync(reader, (ulong)index, (ulong)size, cancel);

                Assert.Equal(index, json.GetProperty("leafIndex").GetInt32());
                Assert.Equal(size, json.GetProperty("treeSize").GetInt32());
                Assert.True(json.GetProperty("selfCheck").GetBoolean(), $"{what}: tlog's own check of inclusion {index}");
                Assert.Equal(Rfc6962.HashLeaf(entries[index]).ToHex(), json.GetProperty("leafHash").GetString());
                Assert.Equal(root.ToHex(), json.GetProperty("root").GetString());
                Assert.True(
                    ours.Select(hash => hash.ToHex()).SequenceEqual(json.GetProperty("proof").EnumerateArray().Select(hash => hash.GetString()!)),
                    $"{what}: inclusion proof of leaf {index} differs from tlog's");
                ProofVerifier.VerifyInclusion((ulong)index, (ulong)size, Rfc6962.HashLeaf(entries[index]), ours, root);
            }

            foreach (int oldSize in Sample(random, 1, size))
            {
                using JsonDocument output = await GoVerifyProcess.RunAsync(["prove-consistency", oldSize.ToString(System.Globalization.CultureInfo.InvariantCulture), .. leafArguments], cancel);
                JsonElement json = output.RootElement;
                MerkleHash[] ours = await ProofBuilder.ConsistencyAsync(reader, (ulong)oldSize, (ulong)size, cancel);
                MerkleHash oldRoot = await ProofBuilder.RootAsync(reader, (ulong)oldSize, cancel);

                Assert.Equal(oldSize, json.GetProperty("size1").GetInt32());
                Assert.Equal(size, json.GetProperty("size2").GetInt32());
                Assert.True(json.GetProperty("selfCheck").GetBoolean(), $"{what}: tlog's own check of consistency from {oldSize}");
                Assert.Equal(oldRoot.ToHex(), json.GetProperty("root1").GetString());
                Assert.Equal(root.ToHex(), json.GetProperty("root2").GetString());
                Assert.True(
                    ours.Select(hash => hash.ToHex()).SequenceEqual(json.GetProperty("proof").EnumerateArray().Select(hash => hash.GetString()!)),
                    $"{what}: consistency proof from {oldSize} differs from tlog's");
                ProofVerifier.VerifyConsistency((ulong)oldSize, (ulong)size, oldRoot, root, ours);
            }
        }
    }

    // Every transparency-dev vector, including the one where both tlog and we differ from wantErr
    // (12-byte roots with equal sizes): our verdict is tlog's verdict.
    [Fact]
    public async Task VectorVerdictsEqualGoTlogVerdicts()
    {
        _ = GoVerifyProcess.Executable;
        CancellationToken cancel = TestContext.Current.CancellationToken;
        IReadOnlyList<string> vectors = VectorFiles.TransparencyDevProofVectors();

        // Exit status 1 only says that some vector did not verify.
        using JsonDocument output = await GoVerifyProcess.RunAsync(["inclusion", .. vectors.Select(VectorFiles.TransparencyDevPath)], cancel, 0, 1);
        JsonElement[] results = [.. output.RootElement.EnumerateArray()];
        Assert.Equal(vectors.Count, results.Length);

        for (int i = 0; i < vectors.Count; i++)
        {
            Assert.Equal(VectorFiles.TransparencyDevPath(vectors[i]), results[i].GetProperty("file").GetString());
            bool goAccepts = !results[i].TryGetProperty("err", out JsonElement error);
            using JsonDocument vector = VectorFiles.LoadTransparencyDev(vectors[i]);
            VectorVerdict ours = TransparencyDevVector.Check(vector.RootElement);
            Assert.True(
                ours.Accepted == goAccepts,
                $"{vectors[i]}: tlog {(goAccepts ? "accepts" : "rejects (" + error.GetString() + ")")}, we {(ours.Accepted ? "accept" : "reject (" + ours.Reason + ")")}");
        }
    }

    private static byte[] RandomEntry(Random random)
    {
        byte[] entry = new byte[random.Next(0, 65)];
        random.NextBytes(entry);
        return entry;
    }

    // The two ends and a few random values in between.
    private static IEnumerable<int> Sample(Random random, int low, int high) =>
        new[] { low, high }.Concat(Enumerable.Range(0, SampledProofs - 2).Select(_ => random.Next(low, high + 1))).Distinct();
}
