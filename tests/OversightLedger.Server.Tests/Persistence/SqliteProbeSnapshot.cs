namespace OversightLedger.Server.Tests.Persistence;

/// <summary>What <see cref="ISqliteProbeGrain"/> holds in its two states.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OversightLedger.Server.Tests.Persistence.SqliteProbeSnapshot")]
public sealed record SqliteProbeSnapshot(
    [property: Id(0)] string NamedText,
    [property: Id(1)] bool NamedExists,
    [property: Id(2)] string DefaultText,
    [property: Id(3)] bool DefaultExists);
