using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Programs;

/// <summary>
/// One disbursement (idempotent by <see cref="DisbursementId"/>). The beneficiary is a pseudonym; optional
/// fields take defaults (sector: the budget's purpose; modality: <c>cash</c>; period: the current one). A payment may
/// name a registered <see cref="Counterparty"/> of the program's agency (the organisation paid through or paid); it is
/// refused while that counterparty is blocked by a sanctions screening.
/// </summary>
/// <remarks>
/// <see cref="DisbursementId"/> is the agency's own id; the program grain records the disbursement under the entry id
/// <c>disbursement/&lt;program&gt;/&lt;id&gt;</c> (<c>EntryIds.Disbursement</c>), so two programs may use the same id.
/// <see cref="Amount"/> is read at the edge and made money in the program's currency by the grains. Its id is 9: id 4
/// held the amount's text before issue 12 and is never used again (a payment list waiting for its vetting keeps its rows
/// in grain storage).
/// </remarks>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Programs.DisburseCommand")]
public sealed record DisburseCommand(
    [property: Id(0)] string DisbursementId,
    [property: Id(1)] string Budget,
    [property: Id(2)] string? Tranche,
    [property: Id(3)] string Beneficiary,
    [property: Id(9)] DecimalAmount Amount,
    [property: Id(5)] string? Sector,
    [property: Id(6)] string? Modality,
    [property: Id(7)] string? Period,
    [property: Id(8)] string? Counterparty = null);
