namespace OversightLedger.Server.Witnesses;

/// <summary>
/// How the log submits its checkpoints to the configured <see cref="ConfiguredWitness"/>es, bound from the
/// <c>WitnessSubmission</c> section (<c>--WitnessSubmission:MaxRetryDelay 00:01:00</c>).
/// </summary>
public sealed class WitnessSubmissionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WitnessSubmission";

    /// <summary>How often each silo looks for a new checkpoint to submit. Default: one second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait after a witness's first failure in a row; it doubles with each further failure. Default: one second.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries of one witness. Default: five minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one <c>add-checkpoint</c> request may take, answer included. Default: 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
