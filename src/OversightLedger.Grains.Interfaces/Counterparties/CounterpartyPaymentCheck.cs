namespace OversightLedger.Grains.Counterparties;

/// <summary>
/// Whether a payment may name the counterparty; when not, a rule code (the problem type) and a message. <see cref="Kind"/>
/// is the counterparty's kind when it is registered (what a licence's counterparty types are judged on); <see cref="HitList"/>
/// the list source its latest screening's hit is on, cleared or not (what a licence's excluded lists are judged on).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Counterparties.CounterpartyPaymentCheck")]
public sealed record CounterpartyPaymentCheck([property: Id(0)] bool Allowed, [property: Id(1)] string? RejectionCode, [property: Id(2)] string? Message, [property: Id(3)] string? Kind = null,
    [property: Id(4)] string? HitList = null)
{
    /// <summary>Payable.</summary>
    public static CounterpartyPaymentCheck Payable { get; } = new(true, null, null);
}
