namespace OversightLedger.Grains.AuditLog;

/// <summary>A signed checkpoint: the tree size, its root (base64) and the signed note's bytes.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.AuditLog.LogTreeHead")]
public sealed record LogTreeHead(
    [property: Id(0)] ulong TreeSize,
    [property: Id(1)] string RootBase64,
    [property: Id(2)] byte[] Checkpoint);
