using System.Net;
using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>
/// <see cref="WitnessClient"/> against a real <see cref="TlogWitness"/> in process: the old size and consistency proof it
/// sends, the 409 resubmission from the witness's size, and the answers it must not keep (garbage, another key's line,
/// a cosignature of another checkpoint).
/// </summary>
public sealed class WitnessClientTests : IDisposable
{
    private const string Origin = "example.org/witness-client-test";
    private readonly TemporaryDirectory _temp = new();
    private readonly Cosigner _cosigner = WitnessKeys.OpenCosigner(WitnessKeys.Generate("witness.example.org/a").SignerKey);
    private readonly WitnessStateDirectory _states;

    public WitnessClientTests() => _states = WitnessStateDirectory.Open(Path.Combine(_temp.Path, "state"));

    [Fact]
    public async Task A_new_witness_cosigns_from_size_0_and_the_next_checkpoint_goes_from_its_size_with_a_proof_it_accepts()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        using TlogWitness witness = Witness(log);
        var handler = new InProcessWitnessHandler(witness);
        using var http = new HttpClient(handler);
        var client = new WitnessClient("a", _cosigner.VerifierKey, new Uri("http://witness.invalid/prefix"), http);

        SignedCheckpoint first = await log.AppendAsync(3);
        WitnessSubmission cosignedFirst = await client.SubmitAsync(first, log.Storage, TestContext.Current.CancellationToken);
        SignedCheckpoint second = await log.AppendAsync(300);
        WitnessSubmission cosignedSecond = await client.SubmitAsync(second, log.Storage, TestContext.Current.CancellationToken);

        Assert.True(cosignedFirst.IsCosigned, cosignedFirst.Reason);
        Assert.True(cosignedSecond.IsCosigned, cosignedSecond.Reason);
        Assert.Equal([0UL, 3UL], handler.OldSizes);
        Assert.Equal(303UL, client.KnownSize);
        Assert.Equal(new Uri("http://witness.invalid/prefix/add-checkpoint"), client.AddCheckpointUrl);
        Assert.Equal(cosignedSecond.Timestamp, new CosignatureVerifier(_cosigner.VerifierKey).Verify(second.WithSignature(cosignedSecond.Cosignature!)));
        Assert.Equal(303UL, _states.Read(Origin)!.Size);
    }

    [Fact]
    public async Task A_witness_that_cosigned_before_answers_409_with_its_size_and_the_client_resubmits_from_it()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        using TlogWitness witness = Witness(log);
        using var earlierHttp = new HttpClient(new InProcessWitnessHandler(witness));
        WitnessSubmission earlier = await new WitnessClient("a", _cosigner.VerifierKey, new Uri("http://witness.invalid/"), earlierHttp)
            .SubmitAsync(await log.AppendAsync(5), log.Storage, TestContext.Current.CancellationToken);
        Assert.True(earlier.IsCosigned, earlier.Reason);

        // A client that knows nothing of the witness (a restarted log, another silo) starts from 0.
        var handler = new InProcessWitnessHandler(witness);
        using var http = new HttpClient(handler);
        var client = new WitnessClient("a", _cosigner.VerifierKey, new Uri("http://witness.invalid/"), http);
        SignedCheckpoint later = await log.AppendAsync(4);
        WitnessSubmission result = await client.SubmitAsync(later, log.Storage, TestContext.Current.CancellationToken);

        Assert.True(result.IsCosigned, result.Reason);
        Assert.Equal([0UL, 5UL], handler.OldSizes);
        Assert.Equal(9UL, client.KnownSize);
    }

    [Fact]
    public async Task A_witness_ahead_of_the_checkpoint_is_reported_and_nothing_is_sent_again_until_the_log_catches_up()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        using TlogWitness witness = Witness(log);
        SignedCheckpoint stale = await log.AppendAsync(2);
        using var aheadHttp = new HttpClient(new InProcessWitnessHandler(witness));
        Assert.True((await new WitnessClient("a", _cosigner.VerifierKey, new Uri("http://witness.invalid/"), aheadHttp)
            .SubmitAsync(await log.AppendAsync(6), log.Storage, TestContext.Current.CancellationToken)).IsCosigned);

        var handler = new InProcessWitnessHandler(witness);
        using var http = new HttpClient(handler);
        var client = new WitnessClient("a", _cosigner.VerifierKey, new Uri("http://witness.invalid/"), http);
        WitnessSubmission first = await client.SubmitAsync(stale, log.Storage, TestContext.Current.CancellationToken);
        WitnessSubmission again = await client.SubmitAsync(stale, log.Storage, TestContext.Current.CancellationToken);

        Assert.Equal(WitnessSubmissionOutcome.WitnessAhead, first.Outcome);
        Assert.Contains("size 8", first.Reason, StringComparison.Ordinal);
        Assert.Equal(WitnessSubmissionOutcome.WitnessAhead, again.Outcome);
        Assert.Equal([0UL], handler.OldSizes);
    }

    [Fact]
    public async Task A_fork_is_refused_by_the_witness_and_reported_with_its_reason()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        GrowingTileLog fork = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "fork"), Origin, entryPrefix: "rewritten entry");
        using TlogWitness witness = new([log.Verifier, fork.Verifier], _cosigner, _states, TimeProvider.System);
        using var http = new HttpClient(new InProcessWitnessHandler(witness));
        var client = new WitnessClient("a", _cosigner.VerifierKey, new Uri("http://witness.invalid/"), http);
        Assert.True((await client.SubmitAsync(await log.AppendAsync(4), log.Storage, TestContext.Current.CancellationToken)).IsCosigned);

        SignedCheckpoint forked = await fork.AppendAsync(4);
        WitnessSubmission result = await client.SubmitAsync(forked, fork.Storage, TestContext.Current.CancellationToken);

        Assert.Equal(WitnessSubmissionOutcome.Refused, result.Outcome);
        Assert.Contains("409", result.Reason, StringComparison.Ordinal);
        Assert.Contains("differs from the cosigned checkpoint of size 4", result.Reason, StringComparison.Ordinal);
        Assert.Contains("differs from the cosigned checkpoint of size 4", result.Reason, StringComparison.Ordinal);
        Assert.Null(result.Cosignature);
    }

    public static TheoryData<string> UnkeptAnswers => new()
    {
        "garbage",
        "another key's line",
        "a cosignature of another checkpoint",
        "a line of the witness's key that does not verify",
    };

    [Theory]
    [MemberData(nameof(UnkeptAnswers))]
    public async Task A_200_without_a_valid_cosignature_of_the_submitted_checkpoint_is_not_kept(string answer)
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        SignedCheckpoint checkpoint = await log.AppendAsync(7);
        using Cosigner other = WitnessKeys.OpenCosigner(WitnessKeys.Generate("witness.example.org/other").SignerKey);
        var elsewhere = new Checkpoint(Origin, 7, Rfc6962.EmptyRoot);
        string body = answer switch
        {
            "garbage" => "<html>hello</html>\n",
            "another key's line" => other.Sign(checkpoint.Checkpoint, 1_700_000_000) + "\n",
            "a cosignature of another checkpoint" => _cosigner.Sign(elsewhere, 1_700_000_000) + "\n",
            _ => Tampered(_cosigner.Sign(checkpoint.Checkpoint, 1_700_000_000)) + "\n",
        };
        using var http = new HttpClient(new FixedAnswerHandler(HttpStatusCode.OK, body));
        var client = new WitnessClient("a", _cosigner.VerifierKey, new Uri("http://witness.invalid/"), http);

        WitnessSubmission result = await client.SubmitAsync(checkpoint, log.Storage, TestContext.Current.CancellationToken);

        Assert.Equal(WitnessSubmissionOutcome.InvalidCosignature, result.Outcome);
        Assert.Null(result.Cosignature);
        Assert.Contains("witness 'a'", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0UL, client.KnownSize);
    }

    [Fact]
    public async Task A_witness_nobody_listens_for_is_unreachable()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        int port = FreePorts.One();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var client = new WitnessClient("down", _cosigner.VerifierKey, new Uri($"http://127.0.0.1:{port}/"), http);

        WitnessSubmission result = await client.SubmitAsync(await log.AppendAsync(1), log.Storage, TestContext.Current.CancellationToken);

        Assert.Equal(WitnessSubmissionOutcome.Unreachable, result.Outcome);
        Assert.Contains("witness 'down'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_key_or_a_relative_url_is_not_a_witness()
    {
        (_, string logKey) = NoteSigner.Generate(Origin);
        using var http = new HttpClient();
        Assert.Throws<FormatException>(() => new WitnessClient("a", logKey, new Uri("http://witness.invalid/"), http));
        Assert.Throws<ArgumentException>(() => new WitnessClient("a", _cosigner.VerifierKey, new Uri("witness", UriKind.Relative), http));
        Assert.Throws<ArgumentException>(() => new WitnessClient("a", _cosigner.VerifierKey, new Uri("ftp://witness.invalid/"), http));
    }

    public void Dispose()
    {
        _states.Dispose();
        _cosigner.Dispose();
        _temp.Dispose();
    }

    private static string Tampered(NoteSignature line)
    {
        byte[] raw = Convert.FromBase64String(line.Base64);
        raw[^1] ^= 0x01;
        return $"— {line.Name} {Convert.ToBase64String(raw)}";
    }

    private TlogWitness Witness(GrowingTileLog log) => new([log.Verifier], _cosigner, _states, TimeProvider.System);

    /// <summary>Answers every request with the same status and body.</summary>
    private sealed class FixedAnswerHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/plain") });
    }
}
