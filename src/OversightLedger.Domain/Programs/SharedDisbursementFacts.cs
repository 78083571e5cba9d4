using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// Turns Disbursed entries into <see cref="DisbursementFacts"/> that share their strings and pseudonyms: each entry
/// parsed from the log or decided afresh brings copies of the same program, budget, tranche, sector, modality, period
/// and pseudonym, and only the first of each is kept.
/// </summary>
internal sealed class SharedDisbursementFacts
{
    private readonly SharedInstances<DisbursementTerms> _terms = new();
    private readonly SharedInstances<BeneficiaryPseudonym> _beneficiaries = new();
    private readonly SharedInstances<string> _periods = new(StringComparer.Ordinal);

    /// <summary>The facts of <paramref name="entry"/>, pointing at shared instances.</summary>
    public DisbursementFacts Of(Disbursed entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        DisbursementTerms terms = _terms.Share(new DisbursementTerms(entry.Program, entry.Budget, entry.Tranche, entry.Sector, entry.Modality, entry.Counterparty));
        return new DisbursementFacts(
            terms, _beneficiaries.Share(entry.Beneficiary), _periods.Share(entry.Period), entry.Amount.MinorUnits, entry.Time.UtcTicks);
    }
}
