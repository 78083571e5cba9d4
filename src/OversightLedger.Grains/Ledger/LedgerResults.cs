using OversightLedger.Domain.Decisions;

namespace OversightLedger.Grains.Ledger;

/// <summary>Turns domain decisions and argument errors into <see cref="LedgerResult"/>s.</summary>
internal static class LedgerResults
{
    public static LedgerResult From(DomainRejection rejection) => LedgerResult.Rejected(rejection.Code, rejection.Message);

    public static LedgerResult Invalid(Exception exception) => LedgerResult.Rejected(RejectionCode.InvalidRequest, exception.Message);

    public static LedgerResult NotOwner(string what, string id) =>
        LedgerResult.Rejected(LedgerResult.Forbidden, $"The {what} '{id}' belongs to someone else.");
}
