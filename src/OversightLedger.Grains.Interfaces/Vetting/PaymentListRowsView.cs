namespace OversightLedger.Grains.Vetting;

/// <summary>The rows of a list, shown only to its agency, the budget's vetting bodies and an admin; <see cref="Allowed"/> false for anyone else.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.PaymentListRowsView")]
public sealed record PaymentListRowsView(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] VettingRow[] Rows);
