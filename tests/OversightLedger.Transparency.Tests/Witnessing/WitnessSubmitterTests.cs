using System.Collections.Concurrent;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>
/// <see cref="WitnessSubmitter"/> against a real <see cref="TlogWitness"/> in process: checkpoints published while a
/// request is in flight are coalesced to the newest, one request is in flight at a time, and failures are retried
/// (reported each time) until the witness cosigns.
/// </summary>
public sealed class WitnessSubmitterTests : IDisposable
{
    private const string Origin = "example.org/witness-submitter-test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory _temp = new();
    private readonly Cosigner _cosigner = WitnessKeys.OpenCosigner(WitnessKeys.Generate("witness.example.org/s").SignerKey);
    private readonly WitnessStateDirectory _states;
    private readonly ConcurrentQueue<(ulong Size, WitnessSubmission Result)> _kept = new();
    private readonly ConcurrentQueue<WitnessSubmission> _failures = new();

    public WitnessSubmitterTests() => _states = WitnessStateDirectory.Open(Path.Combine(_temp.Path, "state"));

    [Fact]
    public async Task Checkpoints_published_while_a_request_is_in_flight_are_coalesced_to_the_newest()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        using var witness = new TlogWitness([log.Verifier], _cosigner, _states, TimeProvider.System);
        var handler = new InProcessWitnessHandler(witness) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var http = new HttpClient(handler);
        WitnessSubmitter submitter = Submitter(log, http);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task running = submitter.RunAsync(stop.Token);

        submitter.Publish(await log.AppendAsync(2));
        await handler.Waiting.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        foreach (int count in new[] { 3, 5, 7 })
        {
            submitter.Publish(await log.AppendAsync(count));
        }

        handler.Gate.SetResult();
        await WaitUntilAsync(() => _kept.Any(k => k.Size == 17));
        await stop.CancelAsync();
        await running;

        Assert.Equal([2UL, 17UL], _kept.Select(k => k.Size));
        Assert.Equal([0UL, 2UL], handler.OldSizes);
        Assert.Equal(1, handler.MostInFlight);
        Assert.Empty(_failures);
        Assert.Equal(17UL, _states.Read(Origin)!.Size);
    }

    [Fact]
    public async Task A_failing_witness_is_retried_with_each_failure_reported_until_it_cosigns_the_newest_checkpoint()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        using var witness = new TlogWitness([log.Verifier], _cosigner, _states, TimeProvider.System);
        var handler = new InProcessWitnessHandler(witness) { FailFirst = 3 };
        using var http = new HttpClient(handler);
        WitnessSubmitter submitter = Submitter(log, http, firstRetryDelay: TimeSpan.FromMilliseconds(200));
        SignedCheckpoint four = await log.AppendAsync(4);
        SignedCheckpoint five = await log.AppendAsync(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task running = submitter.RunAsync(stop.Token);

        submitter.Publish(four);
        await WaitUntilAsync(() => !_failures.IsEmpty);
        submitter.Publish(five);
        await WaitUntilAsync(() => !_kept.IsEmpty);
        await stop.CancelAsync();
        await running;

        Assert.Equal(3, _failures.Count);
        Assert.All(_failures, f => Assert.Contains("503 down for maintenance", f.Reason, StringComparison.Ordinal));
        (ulong size, WitnessSubmission result) = Assert.Single(_kept);
        Assert.Equal(5UL, size);
        Assert.Equal(4, handler.OldSizes.Count);
        Assert.True(new CosignatureVerifier(_cosigner.VerifierKey).Verify(five.Checkpoint, result.Cosignature!) > 0);
    }

    [Fact]
    public async Task A_cosignature_the_log_cannot_keep_is_a_failure_and_the_checkpoint_is_submitted_again()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        using var witness = new TlogWitness([log.Verifier], _cosigner, _states, TimeProvider.System);
        var handler = new InProcessWitnessHandler(witness);
        using var http = new HttpClient(handler);
        int attempts = 0;
        var submitter = new WitnessSubmitter(
            new WitnessClient("s", _cosigner.VerifierKey, new Uri("http://witness.invalid/"), http),
            log.Storage,
            (checkpoint, result, _) => ++attempts == 1 ? throw new IOException("disk full") : Keep(checkpoint, result),
            _failures.Enqueue,
            TimeSpan.FromMilliseconds(10),
            TimeSpan.FromMilliseconds(40),
            TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task running = submitter.RunAsync(stop.Token);

        submitter.Publish(await log.AppendAsync(3));
        await WaitUntilAsync(() => !_kept.IsEmpty);
        await stop.CancelAsync();
        await running;

        WitnessSubmission failure = Assert.Single(_failures);
        Assert.Equal(WitnessSubmissionOutcome.NotKept, failure.Outcome);
        Assert.Contains("disk full", failure.Reason, StringComparison.Ordinal);
        Assert.Equal([0UL, 3UL], handler.OldSizes);
    }

    [Fact]
    public async Task An_unexpected_exception_is_reported_and_the_loop_goes_on_to_cosign()
    {
        GrowingTileLog log = await GrowingTileLog.CreateAsync(Path.Combine(_temp.Path, "log"), Origin);
        using var witness = new TlogWitness([log.Verifier], _cosigner, _states, TimeProvider.System);
        var handler = new InProcessWitnessHandler(witness) { ThrowFirst = 1 };
        using var http = new HttpClient(handler);
        WitnessSubmitter submitter = Submitter(log, http);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task running = submitter.RunAsync(stop.Token);

        submitter.Publish(await log.AppendAsync(2));
        await WaitUntilAsync(() => !_kept.IsEmpty);
        await stop.CancelAsync();
        await running;

        WitnessSubmission failure = Assert.Single(_failures);
        Assert.Equal(WitnessSubmissionOutcome.UnexpectedError, failure.Outcome);
        Assert.Contains("the handler broke", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(2UL, Assert.Single(_kept).Size);
    }

    public void Dispose()
    {
        _states.Dispose();
        _cosigner.Dispose();
        _temp.Dispose();
    }

    private WitnessSubmitter Submitter(GrowingTileLog log, HttpClient http, TimeSpan? firstRetryDelay = null) => new(
        new WitnessClient("s", _cosigner.VerifierKey, new Uri("http://witness.invalid/"), http),
        log.Storage,
        (checkpoint, result, _) => Keep(checkpoint, result),
        _failures.Enqueue,
        firstRetryDelay ?? TimeSpan.FromMilliseconds(10),
        (firstRetryDelay ?? TimeSpan.FromMilliseconds(10)) * 2,
        TimeProvider.System);

    private Task Keep(SignedCheckpoint checkpoint, WitnessSubmission result)
    {
        _kept.Enqueue((checkpoint.Checkpoint.Size, result));
        return Task.CompletedTask;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
