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
/// held the amount's text before issue 12, and a payment list waiting for its vetting keeps its rows in grain storage, so
/// a row stored then comes back with that text in <see cref="AmountTextStoredBeforeIssue12"/> and no
/// <see cref="Amount"/>; <see cref="WithAmountStoredBeforeIssue12"/> reads it.
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
    [property: Id(8)] string? Counterparty = null)
{
    /// <summary>The amount's text as a row stored before issue 12 holds it (field id 4); null in every command made since.</summary>
    [Id(4)]
    public string? AmountTextStoredBeforeIssue12 { get; init; }

    /// <summary>
    /// This command with <see cref="Amount"/> read from <see cref="AmountTextStoredBeforeIssue12"/> when a row stored
    /// before issue 12 holds one (a text that is no amount is left for the payment to refuse); otherwise this command.
    /// </summary>
    public DisburseCommand WithAmountStoredBeforeIssue12() =>
        AmountTextStoredBeforeIssue12 is { } text && DecimalAmount.TryParse(text, out DecimalAmount amount, out _)
            ? this with { Amount = amount, AmountTextStoredBeforeIssue12 = null }
            : this;
}
