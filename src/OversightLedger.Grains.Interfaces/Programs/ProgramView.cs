namespace OversightLedger.Grains.Programs;

/// <summary>A program as the API shows it.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Programs.ProgramView")]
public sealed record ProgramView(
    [property: Id(0)] string Program,
    [property: Id(1)] string Agency,
    [property: Id(2)] string Currency,
    [property: Id(3)] string CapPerPeriod,
    [property: Id(4)] string Period,
    [property: Id(5)] int Beneficiaries,
    [property: Id(6)] int Disbursements,
    [property: Id(7)] string Disbursed);
