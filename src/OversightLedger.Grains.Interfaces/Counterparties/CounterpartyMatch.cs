namespace OversightLedger.Grains.Counterparties;

/// <summary>One list entry a screening matched: its list id, name as published, programs, score and why.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Counterparties.CounterpartyMatch")]
public sealed record CounterpartyMatch(
    [property: Id(0)] string Entry,
    [property: Id(1)] string ListedName,
    [property: Id(2)] string EntryKind,
    [property: Id(3)] string[] Programs,
    [property: Id(4)] string Score,
    [property: Id(5)] string Explanation);
