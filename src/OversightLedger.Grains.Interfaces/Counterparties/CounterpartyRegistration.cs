using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Counterparties;

/// <summary>The answer to a registration: the registration entry (or the refusal), and the counterparty as it stands after screening.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Counterparties.CounterpartyRegistration")]
public sealed record CounterpartyRegistration([property: Id(0)] LedgerResult Result, [property: Id(1)] CounterpartyView? View);
