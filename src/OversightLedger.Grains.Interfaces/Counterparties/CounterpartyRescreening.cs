namespace OversightLedger.Grains.Counterparties;

/// <summary>
/// What a re-screening after a list change did to one counterparty: whether it was screened again (a new
/// <c>CounterpartyScreened</c> against the lists now in force), and whether the latest screening is a hit now and was one
/// before. A counterparty already screened against these versions, unregistered, or with no list in force is not screened;
/// nor is one the lists' changes cannot affect (<see cref="Unaffected"/>): nothing near its name changed, none of its
/// matches changed or went.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Counterparties.CounterpartyRescreening")]
public sealed record CounterpartyRescreening([property: Id(0)] bool Rescreened, [property: Id(1)] bool Hit, [property: Id(2)] bool WasHit, [property: Id(3)] bool Unaffected = false)
{
    /// <summary>Screened again and a hit now where it was not one before (unscreened, clear or cleared): a new hit to review.</summary>
    public bool IsNewHit => Rescreened && Hit && !WasHit;
}
