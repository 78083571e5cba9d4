namespace OversightLedger.Grains.Ledger;

/// <summary>Who is acting: the principal of the API key (e.g. <c>donor:echo</c>), and whether it is an admin (acts for anyone).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Ledger.Actor")]
public sealed record Actor([property: Id(0)] string Principal, [property: Id(1)] bool IsAdmin);
