using System.Globalization;
using System.Text;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>
/// The real <c>oversight witness serve</c> process spoken to over HTTP with requests built as c2sp.org/tlog-witness
/// describes them: it cosigns a first checkpoint and extensions, refuses with the spec's status codes and bodies, never
/// lets concurrent requests roll its size back, and after kill -9 is never behind a cosignature it answered.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class WitnessServeTests : IDisposable
{
    private const string WitnessName = "witness.example.org/serve";
    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public async Task Cosigns_the_first_checkpoint_and_an_extension_with_verifying_timestamped_cosignatures()
    {
        (GrowingLog log, WitnessFiles witness) = await SetUpAsync();
        await using WitnessServerProcess server = await WitnessServerProcess.StartAsync(witness.KeyFile, _temp.File("state"), log.VerifierKey);
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        SignedCheckpoint first = await log.AppendAsync(3);
        WitnessAnswer firstAnswer = await server.AddCheckpointAsync(await log.RequestFromAsync(0, first));
        SignedCheckpoint second = await log.AppendAsync(4);
        WitnessAnswer secondAnswer = await server.AddCheckpointAsync(await log.RequestFromAsync(3, second));

        var verifier = new CosignatureVerifier(witness.VerifierKey);
        foreach ((WitnessAnswer answer, SignedCheckpoint checkpoint) in new[] { (firstAnswer, first), (secondAnswer, second) })
        {
            Assert.True(answer.Status == 200, answer.ToString());
            Assert.EndsWith("\n", answer.Body, StringComparison.Ordinal);
            string[] lines = answer.Body[..^1].Split('\n');
            NoteSignature line = Assert.Single(lines.Select(NoteSignature.Parse));
            ulong timestamp = verifier.Verify(checkpoint.Checkpoint, line);
            Assert.InRange((long)timestamp, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);

            // As the spec suggests a client parse it: appended to the checkpoint, verified as a note.
            SignedCheckpoint cosigned = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(checkpoint.Format()) + answer.Body), new NoteVerifier(log.VerifierKey));
            Assert.Equal(timestamp, verifier.Verify(cosigned));
        }
    }

    [Fact]
    public async Task Refuses_with_the_specs_status_codes_and_changes_nothing()
    {
        (GrowingLog log, WitnessFiles witness) = await SetUpAsync();
        GrowingLog other = await GrowingLog.CreateAsync(_temp.File("other"), "example.org/other-log");
        (string impostorSigner, _) = NoteSigner.Generate(log.Origin);
        await using WitnessServerProcess server = await WitnessServerProcess.StartAsync(witness.KeyFile, _temp.File("state"), log.VerifierKey);
        SignedCheckpoint three = await log.AppendAsync(3);
        Assert.Equal(200, (await server.AddCheckpointAsync(await log.RequestFromAsync(0, three))).Status);
        SignedCheckpoint seven = await log.AppendAsync(4);
        byte[] extendToSeven = await log.RequestFromAsync(3, seven);
        Assert.Equal(200, (await server.AddCheckpointAsync(extendToSeven)).Status);
        SignedCheckpoint nine = await log.AppendAsync(2);
        MerkleHash[] proof = await log.ProofFromAsync(7);

        // 409 with the witness's size: a stale old size, a client that knows nothing, and a rollback to a smaller tree.
        foreach (byte[] stale in new[] { extendToSeven, Request(0, [], seven), Request(3, [], three) })
        {
            WitnessAnswer answer = await server.AddCheckpointAsync(stale);
            Assert.True(answer.Status == 409 && answer.MediaType == AddCheckpointResponse.TreeSizeMediaType && answer.Body == "7\n", answer.ToString());
        }

        // 409 for a fork: the size the witness cosigned, another root, signed by the log's key.
        WitnessAnswer fork = await server.AddCheckpointAsync(Request(7, [], log.Fork(7)));
        Assert.True(fork.Status == 409 && fork.MediaType != AddCheckpointResponse.TreeSizeMediaType, fork.ToString());

        // 422 for a proof that does not lead from the cosigned root to the new one.
        MerkleHash[] altered = [.. proof];
        altered[0] = Rfc6962.HashLeaf("not in the tree"u8);
        WitnessAnswer badProof = await server.AddCheckpointAsync(Request(7, altered, nine));
        Assert.True(badProof.Status == 422, badProof.ToString());

        // 404 for a log the witness does not follow; 403 when no trusted key signed it.
        SignedCheckpoint unknown = await other.AppendAsync(1);
        WitnessAnswer unknownOrigin = await server.AddCheckpointAsync(Request(0, [], unknown));
        Assert.True(unknownOrigin.Status == 404, unknownOrigin.ToString());
        SignedCheckpoint impostor = SignedCheckpoint.Sign(nine.Checkpoint, new NoteSigner(impostorSigner));
        WitnessAnswer badSignature = await server.AddCheckpointAsync(Request(7, proof, impostor));
        Assert.True(badSignature.Status == 403, badSignature.ToString());
        byte[] tampered = TamperWithSignature(nine.Format());
        WitnessAnswer tamperedSignature = await server.AddCheckpointAsync([.. Encoding.ASCII.GetBytes($"old 7\n{string.Concat(proof.Select(h => h.ToBase64() + "\n"))}\n"), .. tampered]);
        Assert.True(tamperedSignature.Status == 403, tamperedSignature.ToString());

        // 400 for malformed bodies and an old size above the checkpoint's.
        string[] malformed =
        [
            "hello",
            "old 07\n\n" + Encoding.UTF8.GetString(nine.Format()),
            "old 7\nnot-base64\n\n" + Encoding.UTF8.GetString(nine.Format()),
            "old 7\n" + Encoding.UTF8.GetString(nine.Format()),
            "old 7\n\nexample.org/witness-test\n9\n",
        ];
        foreach (string body in malformed)
        {
            WitnessAnswer answer = await server.AddCheckpointAsync(Encoding.UTF8.GetBytes(body));
            Assert.True(answer.Status == 400, $"{body}: {answer}");
        }

        WitnessAnswer tooOld = await server.AddCheckpointAsync(Request(10, [], nine));
        Assert.True(tooOld.Status == 400, tooOld.ToString());

        // None of it moved the witness: it still extends from 7 with the genuine proof.
        WitnessAnswer extended = await server.AddCheckpointAsync(Request(7, proof, nine));
        Assert.True(extended.Status == 200, extended.ToString());
        new CosignatureVerifier(witness.VerifierKey).Verify(nine.Checkpoint, NoteSignature.Parse(extended.Body.TrimEnd('\n')));
    }

    [Fact]
    public async Task Concurrent_requests_from_the_same_old_size_cosign_one_and_never_roll_the_size_back()
    {
        (GrowingLog log, WitnessFiles witness) = await SetUpAsync();
        await using WitnessServerProcess server = await WitnessServerProcess.StartAsync(witness.KeyFile, _temp.File("state"), log.VerifierKey);
        SignedCheckpoint start = await log.AppendAsync(1);
        Assert.Equal(200, (await server.AddCheckpointAsync(await log.RequestFromAsync(0, start))).Status);
        ulong size = 1;
        for (int round = 0; round < 5; round++)
        {
            // Eight growing checkpoints, each with a valid proof from the witness's current size: the spec's race.
            var requests = new List<(ulong Size, byte[] Body)>();
            for (int i = 0; i < 8; i++)
            {
                SignedCheckpoint next = await log.AppendAsync(1 + i);
                requests.Add((next.Checkpoint.Size, await log.RequestFromAsync(size, next)));
            }

            WitnessAnswer[] answers = await Task.WhenAll(requests.Select(r => Task.Run(() => server.AddCheckpointAsync(r.Body))));

            int[] cosigned = [.. Enumerable.Range(0, answers.Length).Where(i => answers[i].Status == 200)];
            int winner = Assert.Single(cosigned);
            ulong won = requests[winner].Size;
            Assert.All(answers.Where(a => a.Status != 200), a => Assert.True(a.Status == 409 && a.Body == $"{won}\n", a.ToString()));
            Assert.Equal($"{won}\n", (await server.AddCheckpointAsync(Request(0, [], start))).Body);
            size = won;
        }
    }

    [Fact]
    public async Task After_kill_9_during_requests_the_persisted_size_is_never_behind_an_answered_cosignature()
    {
        (GrowingLog log, WitnessFiles witness) = await SetUpAsync();
        string state = _temp.File("state");
        var chain = new List<(SignedCheckpoint Checkpoint, byte[] Body)>();
        ulong previous = 0;
        for (int i = 0; i < 60; i++)
        {
            SignedCheckpoint next = await log.AppendAsync(1 + (i % 3));
            chain.Add((next, await log.RequestFromAsync(previous, next)));
            previous = next.Checkpoint.Size;
        }

        var answered = new List<SignedCheckpoint>();
        for (int attempt = 0; attempt < 3 && answered.Count < chain.Count; attempt++)
        {
            ulong persisted;
            await using (WitnessServerProcess server = await WitnessServerProcess.StartAsync(witness.KeyFile, state, log.VerifierKey))
            {
                // Asking from size 0 gives the persisted size (409), or cosigns the first checkpoint if there is none.
                WitnessAnswer probe = await server.AddCheckpointAsync(chain[0].Body);
                if (probe.Status == 200)
                {
                    answered.Add(chain[0].Checkpoint);
                    persisted = chain[0].Checkpoint.Checkpoint.Size;
                }
                else
                {
                    persisted = ParseSize(probe);
                    Assert.True(answered.Count == 0 || persisted >= answered[^1].Checkpoint.Size, $"restarted at {persisted}, behind an answered cosignature");
                }

                int next = chain.FindIndex(c => c.Checkpoint.Checkpoint.Size > persisted);
                Task kill = Task.Run(
                    async () =>
                    {
                        await Task.Delay(Random.Shared.Next(30, 150), CancellationToken.None);
                        server.Kill();
                    },
                    CancellationToken.None);
                for (; next >= 0 && next < chain.Count; next++)
                {
                    WitnessAnswer answer;
                    try
                    {
                        answer = await server.AddCheckpointAsync(chain[next].Body);
                    }
                    catch (HttpRequestException)
                    {
                        break; // killed mid-request
                    }

                    Assert.True(answer.Status == 200, answer.ToString());
                    answered.Add(chain[next].Checkpoint);
                }

                await kill;
            }
        }

        Assert.NotEmpty(answered);
        await using WitnessServerProcess restarted = await WitnessServerProcess.StartAsync(witness.KeyFile, state, log.VerifierKey);
        ulong after = ParseSize(await restarted.AddCheckpointAsync(Request(0, [], chain[0].Checkpoint)));
        SignedCheckpoint last = answered[^1];
        Assert.True(after >= last.Checkpoint.Size, $"persisted {after}, but a cosignature for {last.Checkpoint.Size} was answered");

        // The size it holds is one it verified, and another root for it is a fork.
        Assert.Contains(chain, c => c.Checkpoint.Checkpoint.Size == after);
        WitnessAnswer fork = await restarted.AddCheckpointAsync(Request(after, [], log.Fork(after)));
        Assert.True(fork.Status == 409 && fork.MediaType != AddCheckpointResponse.TreeSizeMediaType, fork.ToString());
    }

    public void Dispose() => _temp.Dispose();

    private static ulong ParseSize(WitnessAnswer answer)
    {
        Assert.True(answer.Status == 409 && answer.MediaType == AddCheckpointResponse.TreeSizeMediaType, answer.ToString());
        return ulong.Parse(answer.Body.TrimEnd('\n'), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static byte[] Request(ulong oldSize, MerkleHash[] proof, SignedCheckpoint checkpoint) =>
        new AddCheckpointRequest(oldSize, proof, checkpoint.Format()).Format();

    private async Task<(GrowingLog Log, WitnessFiles Witness)> SetUpAsync() =>
        (await GrowingLog.CreateAsync(_temp.File("log"), "example.org/witness-test"), await WitnessFiles.CreateAsync(_temp, WitnessName));

    /// <summary>
    /// The note with one bit of its signature flipped: in the decoded signature bytes, since the last base64 character
    /// before the padding carries bits that decoding drops (flipping one of those leaves the signature valid).
    /// </summary>
    private static byte[] TamperWithSignature(byte[] note)
    {
        string text = Encoding.UTF8.GetString(note);
        int lineStart = text.LastIndexOf('\n', text.Length - 2) + 1;
        string line = text[lineStart..^1];
        int space = line.LastIndexOf(' ');
        byte[] signature = Convert.FromBase64String(line[(space + 1)..]);
        signature[^10] ^= 0x01;
        return Encoding.UTF8.GetBytes(text[..lineStart] + line[..(space + 1)] + Convert.ToBase64String(signature) + "\n");
    }
}
