namespace OversightLedger.Grains.AuditLog;

/// <summary>Where an appended entry is: its leaf index and a signed checkpoint that covers it.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.AuditLog.LogAppendReceipt")]
public sealed record LogAppendReceipt(
    [property: Id(0)] string EntryId,
    [property: Id(1)] ulong LeafIndex,
    [property: Id(2)] LogTreeHead TreeHead);
