using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Entries;

/// <summary>A beneficiary, known only by pseudonym, is enrolled in a program: <c>beneficiary, program</c>.</summary>
public sealed record BeneficiaryEnrolled : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "BeneficiaryEnrolled";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public BeneficiaryEnrolled(string id, DateTimeOffset time, string program, BeneficiaryPseudonym beneficiary)
        : base(id, time)
    {
        Program = FieldFormat.Identifier(program, nameof(program));
        Beneficiary = FieldFormat.Pseudonym(beneficiary, nameof(beneficiary));
    }

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The beneficiary's pseudonym (never the agency's reference).</summary>
    public BeneficiaryPseudonym Beneficiary { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("program", Program)
        .WriteString("beneficiary", Beneficiary.Value);

    internal static BeneficiaryEnrolled Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("program"), fields.ReadPseudonym("beneficiary"));
}
