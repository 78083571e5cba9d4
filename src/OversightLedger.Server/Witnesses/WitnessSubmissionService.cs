using OversightLedger.Grains.AuditLog;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Server.Witnesses;

/// <summary>
/// The log as a client of its configured witnesses (c2sp.org/tlog-witness): every <see cref="WitnessSubmissionOptions.PollInterval"/>
/// it reads the log's checkpoint, and when it changed hands it to one <see cref="WitnessSubmitter"/> per witness, which
/// submits the newest one with a consistency proof from the witness's size, one request at a time, retrying with a
/// capped exponential back-off; failures are logged at Warning with the witness's name. A cosignature that verifies
/// with the witness's configured key is kept in the <see cref="CosignatureStore"/>, which serves it on
/// <c>/log/checkpoint</c> after the log's own signature. Nothing here is on the write path: a disbursement never waits
/// for a witness. Every silo runs this service (azure profile): each submits the checkpoints it reads, which a witness
/// answers idempotently (the same checkpoint is cosigned again; a silo behind another gets a 409 with the witness's
/// size and resubmits from it), and the cosignature notes are merged in the blob every silo shares.
/// </summary>
internal sealed partial class WitnessSubmissionService : BackgroundService
{
    private readonly AuditLogStore _log;
    private readonly CosignatureStore _cosignatures;
    private readonly WitnessSubmissionOptions _options;
    private readonly ILogger<WitnessSubmissionService> _logger;
    private readonly HttpClient _http;
    private readonly WitnessSubmitter[] _submitters;

    public WitnessSubmissionService(
        AuditLogStore log, CosignatureStore cosignatures, IReadOnlyList<ConfiguredWitness> witnesses, WitnessSubmissionOptions options, TimeProvider time, ILogger<WitnessSubmissionService> logger)
    {
        _log = log;
        _cosignatures = cosignatures;
        _options = options;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.RequestTimeout };
        _submitters = [.. witnesses.Select(Submitter)];
        var logKey = new NoteVerifier(log.VerifierKey);
        if (_submitters.FirstOrDefault(s => s.Client.Key.Name == logKey.Name && s.Client.Key.KeyHash == logKey.KeyHash) is { } own)
        {
            throw new InvalidOperationException($"Witnesses: the witness '{own.Client.Name}' has the log's own key name and key hash; a witness's key is one its holder made.");
        }

        WitnessSubmitter Submitter(ConfiguredWitness witness)
        {
            var client = new WitnessClient(
                string.IsNullOrWhiteSpace(witness.Name) ? new CosignatureVerifier(witness.VerifierKey.Trim()).Name : witness.Name, witness.VerifierKey, new Uri(witness.Url), _http);
            return new WitnessSubmitter(
                client,
                log.Storage,
                (checkpoint, cosigned, token) => KeepAsync(client, checkpoint, cosigned, token),
                failed => WitnessFailed(client.Name, failed.Outcome, failed.Reason ?? string.Empty),
                options.FirstRetryDelay,
                options.MaxRetryDelay,
                time);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_submitters.Length == 0)
        {
            return;
        }

        WitnessesConfigured(_submitters.Length, string.Join(", ", _submitters.Select(s => $"{s.Client.Name} ({s.Client.AddCheckpointUrl})")));
        Task[] running = [.. _submitters.Select(s => Task.Run(() => s.RunAsync(stoppingToken), CancellationToken.None))];
        byte[]? published = null;
        using var timer = new PeriodicTimer(_options.PollInterval);
        try
        {
            do
            {
                published = await PublishIfNewAsync(published, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await Task.WhenAll(running);
    }

    private async Task<byte[]?> PublishIfNewAsync(byte[]? published, CancellationToken cancellationToken)
    {
        byte[]? note;
        try
        {
            note = await _log.Storage.ReadAsync(TilePath.Checkpoint, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or Azure.RequestFailedException)
        {
            CheckpointUnreadable(e.Message);
            return published;
        }

        if (note is null || (published is not null && note.AsSpan().SequenceEqual(published)))
        {
            return published;
        }

        SignedCheckpoint signed;
        try
        {
            signed = SignedCheckpoint.Open(note, _log.Verifier);
        }
        catch (NoteVerificationException e)
        {
            CheckpointUnreadable(e.Message);
            return published;
        }

        foreach (WitnessSubmitter submitter in _submitters)
        {
            submitter.Publish(signed);
        }

        return note;
    }

    private async Task KeepAsync(WitnessClient client, SignedCheckpoint checkpoint, WitnessSubmission cosigned, CancellationToken cancellationToken)
    {
        await _cosignatures.AddWitnessCosignatureAsync(checkpoint, cosigned.Cosignature!, client.Key, cancellationToken);
        WitnessCosigned(client.Name, checkpoint.Checkpoint.Size);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitting each new checkpoint to {Count} witnesses: {Witnesses}")]
    private partial void WitnessesConfigured(int count, string witnesses);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Witness {Witness} cosigned the checkpoint of size {TreeSize}")]
    private partial void WitnessCosigned(string witness, ulong treeSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Witness {Witness} did not cosign ({Outcome}): {Reason}; retrying with back-off")]
    private partial void WitnessFailed(string witness, WitnessSubmissionOutcome outcome, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The log's checkpoint could not be read for the witnesses: {Reason}")]
    private partial void CheckpointUnreadable(string reason);
}
