using OversightLedger.Domain.Counterparties;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// An agency registered a counterparty it may pay: <c>agency, counterparty, counterpartyKind, name</c>, where
/// <c>name</c> is the keyed pseudonym of the name (<see cref="CounterpartyPseudonym"/>), never the name. The id is
/// <see cref="EntryIds.CounterpartyRegistered"/>: a counterparty is registered once.
/// </summary>
public sealed record CounterpartyRegistered : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "CounterpartyRegistered";

    /// <summary>Creates the entry; <paramref name="id"/> must be <see cref="EntryIds.CounterpartyRegistered"/> of the counterparty.</summary>
    /// <exception cref="ArgumentException">A field is malformed, or the id is not the counterparty's; the parameter name is the JSON field.</exception>
    public CounterpartyRegistered(string id, DateTimeOffset time, string counterparty, string agency, CounterpartyKind counterpartyKind, CounterpartyPseudonym name)
        : base(id, time)
    {
        Counterparty = FieldFormat.Identifier(counterparty, nameof(counterparty));
        if (Id != EntryIds.CounterpartyRegistered(Counterparty))
        {
            throw new ArgumentException($"'id' of the registration of '{Counterparty}' must be '{EntryIds.CounterpartyRegistered(Counterparty)}', not '{Id}'", nameof(id));
        }

        Agency = FieldFormat.Identifier(agency, nameof(agency));
        CounterpartyKind = Enum.IsDefined(counterpartyKind)
            ? counterpartyKind
            : throw new ArgumentException($"'counterpartyKind' must be one of {CounterpartyKinds.Names}", nameof(counterpartyKind));
        Name = FieldFormat.CounterpartyName(name, nameof(name));
    }

    /// <summary>The counterparty id.</summary>
    public string Counterparty { get; }

    /// <summary>The agency (key principal) that registered it: only it may pay it.</summary>
    public string Agency { get; }

    /// <summary>What the counterparty is to the agency.</summary>
    public CounterpartyKind CounterpartyKind { get; }

    /// <summary>The keyed pseudonym of its name.</summary>
    public CounterpartyPseudonym Name { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("counterparty", Counterparty)
        .WriteString("agency", Agency)
        .WriteString("counterpartyKind", CounterpartyKinds.Format(CounterpartyKind))
        .WriteString("name", Name.Value);

    internal static CounterpartyRegistered Read(EntryFieldReader fields)
    {
        string counterparty = fields.ReadString("counterparty"), agency = fields.ReadString("agency"), kind = fields.ReadString("counterpartyKind");
        return CounterpartyKinds.TryParse(kind, out CounterpartyKind parsed)
            ? new(fields.Id, fields.Time, counterparty, agency, parsed, fields.ReadCounterpartyPseudonym("name"))
            : throw new FormatException($"field 'counterpartyKind': '{kind}' is not one of {CounterpartyKinds.Names}");
    }
}
