namespace OversightLedger.Domain.Entries;

/// <summary>
/// The budget owner registers an independent verifier of the budget's defined benchmarks and the group it belongs to
/// (e.g. a domestic auditor, an international body): <c>budget, group, verifier</c>.
/// </summary>
public sealed record VerifierRegistered : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "VerifierRegistered";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public VerifierRegistered(string id, DateTimeOffset time, string budget, string verifier, string group)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Verifier = FieldFormat.Identifier(verifier, nameof(verifier));
        Group = FieldFormat.Identifier(group, nameof(group));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The verifier's key principal (an organisation's key id, never a person's name).</summary>
    public string Verifier { get; }

    /// <summary>The verifier group it belongs to; a rule counts distinct groups.</summary>
    public string Group { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("verifier", Verifier)
        .WriteString("group", Group);

    internal static VerifierRegistered Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("verifier"), fields.ReadString("group"));
}
