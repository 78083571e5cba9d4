namespace OversightLedger.Domain.Entries;

/// <summary>
/// A watchdog raises a finding resting on entries of the log: <c>budgets, class, finding, leaves, programs, summary, watchdog</c>.
/// The entry id is the finding id.
/// </summary>
public sealed record FindingRaised : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "FindingRaised";

    /// <summary>The most leaf indices one finding cites.</summary>
    public const int MaxLeaves = 256;

    /// <summary>Creates the entry; <paramref name="finding"/> is also its <c>id</c>.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public FindingRaised(
        string finding, DateTimeOffset time, string watchdog, string findingClass, NameSet budgets, NameSet programs,
        IReadOnlyList<long> leaves, string summary)
        : base(FieldFormat.Identifier(finding, nameof(finding)), time)
    {
        Watchdog = FieldFormat.Identifier(watchdog, nameof(watchdog));
        Class = FieldFormat.Identifier(findingClass, "class");
        Budgets = FieldFormat.Identifiers(budgets, nameof(budgets));
        Programs = FieldFormat.Identifiers(programs, nameof(programs));
        Leaves = FieldFormat.LeafIndices(leaves, nameof(leaves), MaxLeaves);
        Summary = FieldFormat.Text(summary, nameof(summary));
    }

    /// <summary>The finding id (the same as <see cref="LedgerEntry.Id"/>).</summary>
    public string Finding => Id;

    /// <summary>The watchdog organisation that raised it.</summary>
    public string Watchdog { get; }

    /// <summary>The rule or violation class, e.g. <c>duplicate-beneficiary</c>; snap-back compares it with a budget's terms.</summary>
    public string Class { get; }

    /// <summary>The budgets the finding concerns (may be empty).</summary>
    public NameSet Budgets { get; }

    /// <summary>The programs the finding concerns (may be empty).</summary>
    public NameSet Programs { get; }

    /// <summary>The leaf indices of the log entries the finding rests on, ascending, at least one.</summary>
    public IReadOnlyList<long> Leaves { get; }

    /// <summary>What was seen, in words.</summary>
    public string Summary { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>Value equality, the leaves compared element by element (a record would compare the list by reference).</summary>
    public bool Equals(FindingRaised? other) =>
        other is not null && base.Equals(other) && Watchdog == other.Watchdog && Class == other.Class && Budgets == other.Budgets
        && Programs == other.Programs && Leaves.SequenceEqual(other.Leaves) && Summary == other.Summary;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Watchdog, Class, Budgets, Programs, Leaves.Count, Summary);

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("finding", Finding)
        .WriteString("watchdog", Watchdog)
        .WriteString("class", Class)
        .WriteStringArray("budgets", Budgets)
        .WriteStringArray("programs", Programs)
        .WriteIntegerArray("leaves", Leaves)
        .WriteString("summary", Summary);

    internal static FindingRaised Read(EntryFieldReader fields)
    {
        string finding = fields.ReadString("finding");
        if (finding != fields.Id)
        {
            throw new FormatException($"field 'finding' ('{finding}') must equal field 'id' ('{fields.Id}')");
        }

        return new(
            finding, fields.Time, fields.ReadString("watchdog"), fields.ReadString("class"), fields.ReadNames("budgets"),
            fields.ReadNames("programs"), fields.ReadIntegers("leaves"), fields.ReadString("summary"));
    }
}
