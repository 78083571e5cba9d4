using System.Diagnostics.CodeAnalysis;

namespace OversightLedger.Domain.Counterparties;

/// <summary>The names of <see cref="CounterpartyKind"/> as the log and the API write them; never numbers.</summary>
public static class CounterpartyKinds
{
    /// <summary>Every name, for messages.</summary>
    public const string Names = "implementing-partner, vendor, financial-service-provider, organisation-payee";

    /// <summary>The name of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined kind.</exception>
    public static string Format(CounterpartyKind kind) => kind switch
    {
        CounterpartyKind.ImplementingPartner => "implementing-partner",
        CounterpartyKind.Vendor => "vendor",
        CounterpartyKind.FinancialServiceProvider => "financial-service-provider",
        CounterpartyKind.OrganisationPayee => "organisation-payee",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"A counterparty kind is one of {Names}."),
    };

    /// <summary>Reads a kind by its exact name (not a number, not another case).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CounterpartyKind kind)
    {
        (bool known, kind) = text switch
        {
            "implementing-partner" => (true, CounterpartyKind.ImplementingPartner),
            "vendor" => (true, CounterpartyKind.Vendor),
            "financial-service-provider" => (true, CounterpartyKind.FinancialServiceProvider),
            "organisation-payee" => (true, CounterpartyKind.OrganisationPayee),
            _ => (false, default),
        };
        return known;
    }
}
