namespace OversightLedger.Grains.Vetting;

/// <summary>One row refused by a vetting body, with a reason code (names only, see <c>RowRefusalReasons</c>).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.RowRefusal")]
public sealed record RowRefusal(
    [property: Id(0)] string Row,
    [property: Id(1)] string Reason);
