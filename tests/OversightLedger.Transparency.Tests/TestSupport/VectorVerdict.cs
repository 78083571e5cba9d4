namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>What our verifier made of one transparency-dev vector, and why.</summary>
/// <param name="Accepted">The proof verified.</param>
/// <param name="Stage">"parse" when a value was rejected before verification (not a 32-byte hash), "verify" otherwise.</param>
/// <param name="Reason">The rejection's exception type and message, or "verified".</param>
internal sealed record VectorVerdict(bool Accepted, string Stage, string Reason)
{
    public static VectorVerdict Verified { get; } = new(true, "verify", "verified");

    public static VectorVerdict RejectedAt(string stage, Exception error) => new(false, stage, $"{error.GetType().Name}: {error.Message}");
}
