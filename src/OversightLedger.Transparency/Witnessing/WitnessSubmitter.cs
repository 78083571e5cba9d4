using System.Threading.Channels;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// Hands a log's new checkpoints to one witness in the background: <see cref="Publish"/> never waits (the log's writes
/// do not depend on witnesses); <see cref="RunAsync"/> submits with a <see cref="WitnessClient"/>, one request at a time.
/// Checkpoints are coalesced: only the newest one published while a request was in flight (or while waiting to retry)
/// is submitted next, since a witness's cosignature of it vouches for every older one. A failure waits before the
/// next try, twice as long each time up to a cap, and is reported with its reason; a cosignature resets the wait.
/// </summary>
public sealed class WitnessSubmitter
{
    private readonly WitnessClient _client;
    private readonly ILogReader _log;
    private readonly Func<SignedCheckpoint, WitnessSubmission, CancellationToken, Task> _cosigned;
    private readonly Action<WitnessSubmission> _failed;
    private readonly TimeSpan _firstRetryDelay;
    private readonly TimeSpan _maxRetryDelay;
    private readonly TimeProvider _time;
    private readonly Channel<SignedCheckpoint> _pending = Channel.CreateBounded<SignedCheckpoint>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>A submitter of checkpoints to the witness of <paramref name="client"/>.</summary>
    /// <param name="client">The witness.</param>
    /// <param name="log">The log's tiles, for consistency proofs.</param>
    /// <param name="cosigned">Keeps a verified cosignature of a checkpoint (the submitted note, and the witness's answer); if it throws, the submission counts as failed.</param>
    /// <param name="failed">Reports a failed submission (for a log line); must not throw.</param>
    /// <param name="firstRetryDelay">The wait after the first failure in a row.</param>
    /// <param name="maxRetryDelay">The longest wait between tries.</param>
    /// <param name="time">The clock the waits run on.</param>
    public WitnessSubmitter(
        WitnessClient client,
        ILogReader log,
        Func<SignedCheckpoint, WitnessSubmission, CancellationToken, Task> cosigned,
        Action<WitnessSubmission> failed,
        TimeSpan firstRetryDelay,
        TimeSpan maxRetryDelay,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(cosigned);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetryDelay, firstRetryDelay);
        _client = client;
        _log = log;
        _cosigned = cosigned;
        _failed = failed;
        _firstRetryDelay = firstRetryDelay;
        _maxRetryDelay = maxRetryDelay;
        _time = time;
    }

    /// <summary>The witness this submits to.</summary>
    public WitnessClient Client => _client;

    /// <summary>Queues <paramref name="checkpoint"/> (the log's signed note) for the witness, replacing any not yet submitted. Never waits.</summary>
    public void Publish(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _pending.Writer.TryWrite(checkpoint);
    }

    /// <summary>Submits what is published, until <paramref name="cancellationToken"/> is cancelled (then it returns).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        SignedCheckpoint? pending = null;
        Checkpoint? cosigned = null;
        TimeSpan delay = _firstRetryDelay;
        try
        {
            while (true)
            {
                pending ??= await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                while (_pending.Reader.TryRead(out SignedCheckpoint? newer))
                {
                    pending = newer;
                }

                if (pending.Checkpoint.Equals(cosigned))
                {
                    pending = null;
                    continue;
                }

                WitnessSubmission result = await SubmitAsync(pending, cancellationToken).ConfigureAwait(false);
                if (result.IsCosigned)
                {
                    cosigned = pending.Checkpoint;
                    pending = null;
                    delay = _firstRetryDelay;
                    continue;
                }

                _failed(result);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 > _maxRetryDelay ? _maxRetryDelay : delay * 2;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: a checkpoint not yet submitted is submitted by the next start, which reads the latest again.
        }
    }

    private async Task<WitnessSubmission> SubmitAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        WitnessSubmission result;
        try
        {
            result = await _client.SubmitAsync(checkpoint, _log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong, this witness's loop goes on: the next try may succeed, and a dead loop would go unnoticed.
            return WitnessSubmission.Failed(
                WitnessSubmissionOutcome.UnexpectedError, $"submitting the checkpoint of size {checkpoint.Checkpoint.Size} to witness '{_client.Name}' failed: {e.Message}");
        }

        if (!result.IsCosigned)
        {
            return result;
        }

        try
        {
            await _cosigned(checkpoint, result, cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return WitnessSubmission.Failed(
                WitnessSubmissionOutcome.NotKept, $"the cosignature of witness '{_client.Name}' for size {checkpoint.Checkpoint.Size} could not be kept: {e.Message}");
        }
    }
}
