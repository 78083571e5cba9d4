namespace OversightLedger.Grains.Reports;

/// <summary>
/// A published report: its quarter, the <c>ReportPublished</c> entry's leaf, the checkpoint its figures were computed
/// at, its files (name and SHA-256), and whether this call published it (false: it was in the log already).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Reports.ReportPublication")]
public sealed record ReportPublication(
    [property: Id(0)] string Quarter,
    [property: Id(1)] ulong LeafIndex,
    [property: Id(2)] ulong CheckpointSize,
    [property: Id(3)] string CheckpointRoot,
    [property: Id(4)] ReportFile[] Files,
    [property: Id(5)] bool PublishedNow,
    [property: Id(6)] DateTimeOffset PublishedAt);
