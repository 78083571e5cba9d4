using OversightLedger.Domain.Decisions;

namespace OversightLedger.Domain.Licences;

/// <summary>
/// How the licence rule (DESIGN §5.10) judges one disbursement: no licence needed (not a sanctioned jurisdiction), covered
/// by <see cref="Licence"/>, or refused (<see cref="Rejection"/>, <c>unlicensed</c>).
/// </summary>
/// <param name="Licence">The licence it is paid under (the first in ordinal order that covers it), or null.</param>
/// <param name="Rejection">Why it is refused, or null.</param>
public sealed record LicenceCover(string? Licence, DomainRejection? Rejection)
{
    /// <summary>Not into a sanctioned jurisdiction: no licence needed.</summary>
    public static LicenceCover NotRequired { get; } = new(null, null);

    /// <summary>Whether the payment may be made.</summary>
    public bool Allowed => Rejection is null;
}
