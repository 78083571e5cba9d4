namespace OversightLedger.Grains.Counterparties;

/// <summary>
/// What the log must not hold about a counterparty, kept in the ledger's private grain storage: the details it is
/// screened on, and the best matches of its latest screening (list entries' names and the explanation).
/// </summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Counterparties.CounterpartyDetailsState")]
public sealed class CounterpartyDetailsState
{
    /// <summary>The name as the agency gave it (trimmed).</summary>
    [Id(0)]
    public string? Name { get; set; }

    /// <summary>A country, as the agency gave it.</summary>
    [Id(1)]
    public string? Country { get; set; }

    /// <summary>A date of birth, yyyy-MM-dd.</summary>
    [Id(2)]
    public string? DateOfBirth { get; set; }

    /// <summary>A registration number.</summary>
    [Id(3)]
    public string? RegistrationNumber { get; set; }

    /// <summary>The best matches of the latest screening.</summary>
    [Id(4)]
    public CounterpartyMatch[] Matches { get; set; } = [];
}
