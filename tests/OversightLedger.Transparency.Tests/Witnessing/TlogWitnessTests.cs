using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>
/// <see cref="TlogWitness"/> in process: the spec's answers for the vector checkpoints (the cosignature byte for byte),
/// and the check-and-persist race of c2sp.org/tlog-witness run many times.
/// </summary>
public sealed class TlogWitnessTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public async Task Cosigning_the_vector_checkpoints_answers_the_vector_cosignature_line()
    {
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessVectors.WitnessSignerKey);
        using WitnessStateDirectory states = WitnessStateDirectory.Open(Path.Combine(_temp.Path, "state"));
        using var witness = new TlogWitness([WitnessVectors.LogVerifier], cosigner, states, FixedClock.AtUnixSeconds((long)WitnessVectors.VectorTimestamp));

        AddCheckpointResponse first = await witness.AddCheckpointAsync(new AddCheckpointRequest(0, [], WitnessVectors.Checkpoint5).Format(), TestContext.Current.CancellationToken);
        AddCheckpointResponse second = await witness.AddCheckpointAsync(
            new AddCheckpointRequest(5, WitnessVectors.ConsistencyProof(5, 8), WitnessVectors.Checkpoint8).Format(), TestContext.Current.CancellationToken);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, second.StatusCode);
        string vectorLine = Encoding.UTF8.GetString(WitnessVectors.Cosigned8).Split('\n').Last(l => l.StartsWith("— " + cosigner.Name + " ", StringComparison.Ordinal));
        Assert.Equal(vectorLine + "\n", second.Body);
        Assert.Equal(8UL, states.Read("example.com/relief-ledger-test")!.Size);
    }

    [Theory]
    [InlineData("old 5\n\n", "no checkpoint")]
    [InlineData("old -1\n\nx\n", "not a decimal")]
    [InlineData("old 1 \n\nx\n", "not a decimal")]
    [InlineData("new 1\n\nx\n", "'old <size>'")]
    [InlineData("old 1\nAAAA\n\nx\n", "not a base64 SHA-256 hash")]
    public void Malformed_request_bodies_are_refused(string body, string reason)
    {
        FormatException e = Assert.Throws<FormatException>(() => AddCheckpointRequest.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sixty_four_proof_lines_are_refused_and_sixty_three_are_read()
    {
        string line = Rfc6962.EmptyRoot.ToBase64() + "\n";
        AddCheckpointRequest read = AddCheckpointRequest.Parse(Encoding.ASCII.GetBytes("old 9\n" + string.Concat(Enumerable.Repeat(line, 63)) + "\nnote\n"));
        Assert.Equal(63, read.Proof.Count);
        Assert.Equal(9UL, read.OldSize);
        Assert.Throws<FormatException>(() => AddCheckpointRequest.Parse(Encoding.ASCII.GetBytes("old 9\n" + string.Concat(Enumerable.Repeat(line, 64)) + "\nnote\n")));
    }

    [Fact]
    public async Task Concurrent_requests_from_one_old_size_cosign_exactly_one_and_the_state_is_the_winners()
    {
        const string origin = "example.org/race";
        (string logSigner, string logVerifier) = NoteSigner.Generate(origin);
        var signer = new NoteSigner(logSigner);
        TestTree tree = TestTree.Random(40, seed: 13);
        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessKeys.Generate("witness.example.org/race").SignerKey);
        for (int round = 0; round < 25; round++)
        {
            using WitnessStateDirectory states = WitnessStateDirectory.Open(Path.Combine(_temp.Path, $"state-{round}"));
            using var witness = new TlogWitness([new NoteVerifier(logVerifier)], cosigner, states, TimeProvider.System);
            Assert.Equal(200, (await witness.AddCheckpointAsync(await RequestAsync(tree, signer, origin, 0, 1), TestContext.Current.CancellationToken)).StatusCode);

            ulong[] sizes = [.. Enumerable.Range(2, 12).Select(s => (ulong)s)];
            byte[][] bodies = await Task.WhenAll(sizes.Select(s => RequestAsync(tree, signer, origin, 1, s)));
            AddCheckpointResponse[] answers = await Task.WhenAll(bodies.Select(b => Task.Run(() => witness.AddCheckpointAsync(b, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

            int winner = Assert.Single(Enumerable.Range(0, answers.Length), i => answers[i].StatusCode == 200);
            Assert.Equal(sizes[winner], states.Read(origin)!.Size);
            Assert.All(answers.Where(a => a.StatusCode != 200), a => Assert.Equal(AddCheckpointResponse.SizeConflict(sizes[winner]), a));
        }
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<byte[]> RequestAsync(TestTree tree, NoteSigner signer, string origin, ulong oldSize, ulong size)
    {
        MerkleHash root = await ProofBuilder.RootAsync(tree.Reader, size);
        MerkleHash[] proof = oldSize == 0 ? [] : await ProofBuilder.ConsistencyAsync(tree.Reader, oldSize, size);
        return new AddCheckpointRequest(oldSize, proof, SignedCheckpoint.Sign(new Checkpoint(origin, size, root), signer).Format()).Format();
    }
}
