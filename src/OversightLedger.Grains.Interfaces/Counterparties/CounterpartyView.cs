namespace OversightLedger.Grains.Counterparties;

/// <summary>
/// A counterparty as its agency and compliance see it (a private view: it holds the name). <see cref="Status"/> is
/// unscreened, clear, hit, cleared or confirmed; <see cref="Matches"/> are the best list entries of the latest screening.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Counterparties.CounterpartyView")]
public sealed record CounterpartyView(
    [property: Id(0)] string Counterparty,
    [property: Id(1)] string Agency,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Pseudonym,
    [property: Id(4)] string? Name,
    [property: Id(5)] string? Country,
    [property: Id(6)] string? DateOfBirth,
    [property: Id(7)] string? RegistrationNumber,
    [property: Id(8)] string Status,
    [property: Id(9)] bool Blocked,
    [property: Id(10)] string[] Lists,
    [property: Id(11)] string? Score,
    [property: Id(12)] string? MatchedEntry,
    [property: Id(13)] CounterpartyMatch[] Matches,
    [property: Id(14)] string? ReviewedBy);
