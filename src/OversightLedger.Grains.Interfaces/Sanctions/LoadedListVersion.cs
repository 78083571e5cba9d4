namespace OversightLedger.Grains.Sanctions;

/// <summary>A version of a list as recorded: source, publication date (yyyy-MM-dd, when stated), SHA-256 of the file, entry count, when recorded.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Sanctions.LoadedListVersion")]
public sealed record LoadedListVersion(
    [property: Id(0)] string Source,
    [property: Id(1)] string? PublicationDate,
    [property: Id(2)] string Sha256,
    [property: Id(3)] int EntryCount,
    [property: Id(4)] DateTimeOffset? RecordedAt = null,
    [property: Id(5)] ulong? LeafIndex = null);
