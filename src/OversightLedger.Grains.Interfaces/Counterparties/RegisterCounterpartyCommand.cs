namespace OversightLedger.Grains.Counterparties;

/// <summary>
/// A registration: the kind's name, the name's keyed pseudonym (derived by the server; the only form that is logged) and
/// the private details screened on: the name, a country, a date of birth (yyyy-MM-dd), a registration number.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Counterparties.RegisterCounterpartyCommand")]
public sealed record RegisterCounterpartyCommand(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Pseudonym,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Country,
    [property: Id(4)] string? DateOfBirth,
    [property: Id(5)] string? RegistrationNumber);
