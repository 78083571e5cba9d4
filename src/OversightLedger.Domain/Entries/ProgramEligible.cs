namespace OversightLedger.Domain.Entries;

/// <summary>
/// The budget owner lists a program as eligible to draw on the budget (the ring-fence), pinned to the agency that runs
/// it: <c>agency, budget, program</c>. Money leaves the budget only for this program while that agency runs it.
/// </summary>
public sealed record ProgramEligible : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ProgramEligible";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ProgramEligible(string id, DateTimeOffset time, string budget, string program, string agency)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Program = FieldFormat.Identifier(program, nameof(program));
        Agency = FieldFormat.Identifier(agency, nameof(agency));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The agency that runs the program (its <c>ProgramOpened</c> agency) when it was listed.</summary>
    public string Agency { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("program", Program)
        .WriteString("agency", Agency);

    internal static ProgramEligible Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("program"), fields.ReadString("agency"));
}
