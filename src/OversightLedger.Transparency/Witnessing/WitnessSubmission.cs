namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// The result of submitting one checkpoint to one witness: the outcome, the verified cosignature line and its
/// timestamp when the witness cosigned, and otherwise a plain-words reason (for a log line at Warning).
/// </summary>
/// <param name="Outcome">How the submission ended.</param>
/// <param name="Cosignature">The witness's cosignature line, verified on the checkpoint; null unless <see cref="WitnessSubmissionOutcome.Cosigned"/>.</param>
/// <param name="Timestamp">The cosignature/v1 timestamp (seconds since the Unix epoch); null unless cosigned.</param>
/// <param name="Reason">Why the witness did not cosign; null when it did.</param>
public sealed record WitnessSubmission(WitnessSubmissionOutcome Outcome, Notes.NoteSignature? Cosignature, ulong? Timestamp, string? Reason)
{
    /// <summary>Whether the witness cosigned the checkpoint.</summary>
    public bool IsCosigned => Outcome == WitnessSubmissionOutcome.Cosigned;

    /// <summary>A submission that did not end in a cosignature.</summary>
    public static WitnessSubmission Failed(WitnessSubmissionOutcome outcome, string reason) => new(outcome, null, null, reason);
}
