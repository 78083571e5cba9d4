using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Budgets;

/// <summary>
/// A disbursement as the program grain asks the budget to reserve it (beneficiary as a pseudonym only), with the agency
/// that runs the program, which the budget checks against the agency its listing pinned, and the counterparty the
/// payment names (written into the Disbursed entry), if any.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.DisbursementDraft")]
public sealed record DisbursementDraft(
    [property: Id(0)] string DisbursementId,
    [property: Id(1)] string Program,
    [property: Id(10)] string Agency,
    [property: Id(2)] string Budget,
    [property: Id(3)] string? Tranche,
    [property: Id(4)] string Beneficiary,
    [property: Id(12)] DecimalAmount Amount,
    [property: Id(6)] string Currency,
    [property: Id(7)] string Sector,
    [property: Id(8)] string Modality,
    [property: Id(9)] string Period,
    [property: Id(11)] string? Counterparty = null);
