using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Programs;

using OversightLedger.Domain.Money;

/// <summary>
/// What a program or a budget keeps of one committed disbursement besides its id: every field of its Disbursed entry,
/// the strings and the pseudonym as shared instances (<see cref="SharedDisbursementFacts"/>), the amount in minor units
/// of the holder's currency and the time in UTC ticks. Forty bytes, and the entry can be rebuilt exactly from them.
/// </summary>
/// <param name="Terms">Program, budget, tranche, sector, modality and counterparty.</param>
/// <param name="Beneficiary">The beneficiary's pseudonym.</param>
/// <param name="Period">The cap period it counts against.</param>
/// <param name="AmountUnits">The amount, in minor units of the program's (and the budget's) currency.</param>
/// <param name="TimeTicks">The entry's time: UTC ticks, whole seconds.</param>
internal readonly record struct DisbursementFacts(DisbursementTerms Terms, BeneficiaryPseudonym Beneficiary, string Period, long AmountUnits, long TimeTicks)
{
    /// <summary>The facts of <paramref name="entry"/>, pointing at the entry's own strings (a bounded replay keeps none of them).</summary>
    public static DisbursementFacts Of(Disbursed entry) => new(
        new DisbursementTerms(entry.Program, entry.Budget, entry.Tranche, entry.Sector, entry.Modality, entry.Counterparty),
        entry.Beneficiary, entry.Period, entry.Amount.MinorUnits, entry.Time.UtcTicks);

    /// <summary>The amount in <paramref name="currency"/>, the currency of the program or budget that keeps the facts.</summary>
    public Money Amount(Currency currency) => new(currency, AmountUnits);

    /// <summary>The Disbursed entry these are the facts of, equal to the one applied (same fields, same canonical bytes).</summary>
    public Disbursed ToEntry(string disbursementId, Currency currency) => new(
        disbursementId, new DateTimeOffset(TimeTicks, TimeSpan.Zero), Terms.Program, Terms.Budget, Terms.Tranche, Beneficiary,
        Amount(currency), Terms.Sector, Terms.Modality, Period, Terms.Counterparty);
}
