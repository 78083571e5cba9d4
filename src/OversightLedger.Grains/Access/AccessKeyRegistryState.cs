using OversightLedger.Grains.Access;

namespace OversightLedger.Grains.Access;

/// <summary>The persisted key records, by key hash.</summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Access.AccessKeyRegistryState")]
public sealed class AccessKeyRegistryState
{
    /// <summary>Key records by the hex SHA-256 of the key.</summary>
    [Id(0)]
    public Dictionary<string, AccessKeyRecord> KeysByHash { get; set; } = new(StringComparer.Ordinal);
}
