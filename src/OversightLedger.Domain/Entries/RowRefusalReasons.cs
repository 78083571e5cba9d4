namespace OversightLedger.Domain.Entries;

/// <summary>
/// The reason codes a vetting body refuses a payment-list row with (<see cref="PaymentListVetted"/>); names only, never
/// numbers, and never free text, so a refusal cannot carry a person's name into the public log.
/// </summary>
public static class RowRefusalReasons
{
    /// <summary><c>ineligible-beneficiary</c>: the beneficiary does not meet the program's criteria.</summary>
    public const string IneligibleBeneficiary = "ineligible-beneficiary";

    /// <summary><c>duplicate-beneficiary</c>: the beneficiary is paid twice (in this list or elsewhere).</summary>
    public const string DuplicateBeneficiary = "duplicate-beneficiary";

    /// <summary><c>amount-not-justified</c>: the amount is not what the program's terms justify.</summary>
    public const string AmountNotJustified = "amount-not-justified";

    /// <summary><c>sanctions-concern</c>: the payment raises a sanctions or diversion concern.</summary>
    public const string SanctionsConcern = "sanctions-concern";

    /// <summary><c>insufficient-information</c>: the row cannot be vetted as it is.</summary>
    public const string InsufficientInformation = "insufficient-information";

    /// <summary>Every code, in ordinal order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [AmountNotJustified, DuplicateBeneficiary, IneligibleBeneficiary, InsufficientInformation, SanctionsConcern];

    /// <summary>Whether <paramref name="name"/> is one of the codes (by name; <c>"0"</c> is not).</summary>
    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
