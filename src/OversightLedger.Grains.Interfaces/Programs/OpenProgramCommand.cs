using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Programs;

/// <summary>Opens a beneficiary program run by the acting agency, with a cap per beneficiary per period.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Programs.OpenProgramCommand")]
public sealed record OpenProgramCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Currency,
    [property: Id(4)] DecimalAmount CapPerPeriod,
    [property: Id(3)] string Period);
