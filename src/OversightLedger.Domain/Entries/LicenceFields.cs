using OversightLedger.Domain.Counterparties;

namespace OversightLedger.Domain.Entries;

/// <summary>The syntax of the fields licence and jurisdiction entries share (see <see cref="FieldFormat"/>).</summary>
internal static class LicenceFields
{
    /// <summary>1 to 64 ISO 3166-1 alpha-2 codes of the IATI Country codelist.</summary>
    internal static NameSet Countries(NameSet? countries, string field)
    {
        FieldFormat.Identifiers(countries, field);
        if (countries!.Count == 0)
        {
            throw new ArgumentException($"'{field}' must name at least one country", field);
        }

        foreach (string country in countries)
        {
            FieldFormat.CountryCode(country, field);
        }

        return countries;
    }

    /// <summary>Names of <see cref="CounterpartyKind"/> as <see cref="CounterpartyKinds"/> writes them (empty: any kind).</summary>
    internal static NameSet CounterpartyKindNames(NameSet? kinds, string field)
    {
        foreach (string kind in FieldFormat.Identifiers(kinds, field))
        {
            if (!CounterpartyKinds.TryParse(kind, out _))
            {
                throw new ArgumentException($"'{field}' holds '{kind}', which is not one of {CounterpartyKinds.Names}", field);
            }
        }

        return kinds!;
    }
}
