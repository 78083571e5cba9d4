using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Programs;

using OversightLedger.Domain.Money;

/// <summary>
/// An agency's request to pay a beneficiary: what both <c>ReliefBudget.TryReserve</c> and
/// <c>BeneficiaryProgram.DecideDisbursement</c> decide on. Its id is the disbursement id (and the entry id).
/// </summary>
public sealed record DisbursementRequest
{
    /// <summary>
    /// Creates a request; <paramref name="tranche"/> null lets the budget choose. <paramref name="agency"/> is the agency
    /// that runs the program, which the budget checks against the agency its listing pinned (the ring-fence).
    /// </summary>
    /// <exception cref="ArgumentException">A field is malformed (an id, the sector, the modality or the period).</exception>
    public DisbursementRequest(
        string disbursementId, string program, string agency, string budget, string? tranche, BeneficiaryPseudonym beneficiary, Money amount,
        string sector, string modality, string period, string? counterparty = null)
    {
        DisbursementId = FieldFormat.EntryId(disbursementId, nameof(disbursementId));
        Program = FieldFormat.Identifier(program, nameof(program));
        Agency = FieldFormat.Identifier(agency, nameof(agency));
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = tranche is null ? null : FieldFormat.Identifier(tranche, nameof(tranche));
        Beneficiary = FieldFormat.Pseudonym(beneficiary, nameof(beneficiary));
        Amount = FieldFormat.NotNull(amount, nameof(amount));
        Sector = FieldFormat.SectorCode(sector, nameof(sector));
        Modality = FieldFormat.Identifier(modality, nameof(modality));
        Period = FieldFormat.Period(period, nameof(period));
        Counterparty = counterparty is null ? null : FieldFormat.Identifier(counterparty, nameof(counterparty));
    }

    /// <summary>The disbursement id: the request id, unique in the log.</summary>
    public string DisbursementId { get; }

    /// <summary>The paying program.</summary>
    public string Program { get; }

    /// <summary>The agency that runs the paying program (not in the Disbursed entry: its <c>ProgramOpened</c> says it).</summary>
    public string Agency { get; }

    /// <summary>The budget drawn on.</summary>
    public string Budget { get; }

    /// <summary>The tranche drawn on, or null to let the budget choose the first usable one.</summary>
    public string? Tranche { get; }

    /// <summary>The beneficiary's pseudonym.</summary>
    public BeneficiaryPseudonym Beneficiary { get; }

    /// <summary>The amount.</summary>
    public Money Amount { get; }

    /// <summary>The DAC 5-digit purpose code of what is paid for.</summary>
    public string Sector { get; }

    /// <summary>The modality, e.g. <c>cash</c>.</summary>
    public string Modality { get; }

    /// <summary>The cap period it counts against: a period of the program's kind, not after the current one.</summary>
    public string Period { get; }

    /// <summary>The registered counterparty paid or paid through, or null; written into the Disbursed entry.</summary>
    public string? Counterparty { get; }

    /// <summary>The Disbursed entry for this request, drawn on <paramref name="tranche"/>, decided at <paramref name="time"/>.</summary>
    internal Disbursed ToEntry(string tranche, DateTimeOffset time) =>
        new(DisbursementId, time, Program, Budget, tranche, Beneficiary, Amount, Sector, Modality, Period, Counterparty);

    /// <summary>Whether <paramref name="entry"/> records this request (the tranche is compared only when the request names one).</summary>
    internal bool IsRecordedBy(Disbursed entry) =>
        entry.Disbursement == DisbursementId && entry.Program == Program && entry.Budget == Budget
        && (Tranche is null || entry.Tranche == Tranche) && entry.Beneficiary == Beneficiary && entry.Amount == Amount
        && entry.Sector == Sector && entry.Modality == Modality && entry.Period == Period && entry.Counterparty == Counterparty;
}
