namespace OversightLedger.Grains.Access;

/// <summary>
/// A stored API key: never the key itself, only its SHA-256 (keys are 256-bit random, so a plain hash
/// is as strong as a slow one), with its role and the principal it acts for (e.g. the donor's id); a compliance key may
/// have a <see cref="Scope"/>: the one agency whose counterparties it reviews (null: the whole ledger).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Access.AccessKeyRecord")]
public sealed record AccessKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string KeyHashHex,
    [property: Id(2)] AccessRole Role,
    [property: Id(3)] string Principal,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] bool Revoked,
    [property: Id(6)] string? Scope = null);
