namespace OversightLedger.Domain.Entries;

/// <summary>
/// The budget owner registers a vetting body of the budget's payment lists (a watchdog key's principal, never the owner):
/// <c>budget, vetter</c>.
/// </summary>
public sealed record VetterRegistered : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "VetterRegistered";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public VetterRegistered(string id, DateTimeOffset time, string budget, string vetter)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Vetter = FieldFormat.Identifier(vetter, nameof(vetter));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The vetting body's key principal (an organisation, never a person's name).</summary>
    public string Vetter { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("vetter", Vetter);

    internal static VetterRegistered Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("vetter"));
}
