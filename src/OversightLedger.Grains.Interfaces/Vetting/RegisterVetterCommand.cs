namespace OversightLedger.Grains.Vetting;

/// <summary>Registers a vetting body (a watchdog key's principal) of the budget's payment lists; by the budget's owner.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.RegisterVetterCommand")]
public sealed record RegisterVetterCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Vetter);
