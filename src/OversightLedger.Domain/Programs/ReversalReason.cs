namespace OversightLedger.Domain.Programs;

/// <summary>
/// Why an agency reverses a disbursement, as the <c>reason</c> of the <c>Reversed</c> entries it makes: the payment
/// <see cref="Failed"/> (never reached the beneficiary), was <see cref="Returned"/> (came back after reaching them), or
/// was <see cref="Recovered"/> (taken back by the agency). Older entries may hold free text; new ones hold one of these.
/// </summary>
public static class ReversalReason
{
    /// <summary>The payment never reached the beneficiary (refused by the provider, wrong account).</summary>
    public const string Failed = "failed";

    /// <summary>The payment reached the beneficiary's account and came back.</summary>
    public const string Returned = "returned";

    /// <summary>The agency took the money back (paid in error, fraud).</summary>
    public const string Recovered = "recovered";

    /// <summary>Every reason code, in the order the API documents them.</summary>
    public static IReadOnlyList<string> All { get; } = [Failed, Returned, Recovered];

    /// <summary>Whether <paramref name="reason"/> is one of the codes (by exact name: no number, no other case).</summary>
    public static bool IsKnown(string? reason) => reason is Failed or Returned or Recovered;
}
