namespace OversightLedger.Transparency.Witnessing;

/// <summary>A required witness's verdict on one checkpoint: its valid cosignature's time, or why it does not count.</summary>
/// <param name="VerifierKey">The witness's cosignature/v1 verifier key, as given.</param>
/// <param name="Name">The witness's key name.</param>
/// <param name="Timestamp">The cosignature/v1 timestamp (seconds since the Unix epoch), or null when it does not count.</param>
/// <param name="Problem">Why it does not count (no line of this key, or a line that does not verify), or null when it does.</param>
public sealed record WitnessCosignature(string VerifierKey, string Name, ulong? Timestamp, string? Problem)
{
    /// <summary>Whether the witness validly cosigned the checkpoint.</summary>
    public bool Counts => Timestamp is not null;
}
