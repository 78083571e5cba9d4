namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// A finding as the API shows it: what it rests on (<see cref="Leaves"/>), its state (<c>raised</c>, <c>disputed</c>,
/// <c>dismissed</c>, <c>confirmed</c>), the agency's responses, the resolution and the budgets it snapped back.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Watchdogs.FindingView")]
public sealed record FindingView(
    [property: Id(0)] string Finding,
    [property: Id(1)] string Class,
    [property: Id(2)] string[] Budgets,
    [property: Id(3)] string[] Programs,
    [property: Id(4)] long[] Leaves,
    [property: Id(5)] string Summary,
    [property: Id(6)] string State,
    [property: Id(7)] string[] Responses,
    [property: Id(8)] string? Resolution,
    [property: Id(9)] string[] SnappedBack);
