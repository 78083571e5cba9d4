namespace OversightLedger.Grains.Access;

/// <summary>The API keys of the ledger (one registry, keyed "main"), stored hashed.</summary>
[Alias("OversightLedger.Grains.Access.IAccessKeyRegistryGrain")]
public interface IAccessKeyRegistryGrain : IGrainWithStringKey
{
    /// <summary>Registers a key by its hash; idempotent for the same key id and hash.</summary>
    [Alias("RegisterAsync")]
    Task<AccessKeyRecord> RegisterAsync(string keyId, string keyHashHex, AccessRole role, string principal);

    /// <summary>Registers a compliance key limited to one agency's counterparties (<paramref name="scope"/>; null: the whole ledger); idempotent like <see cref="RegisterAsync"/>.</summary>
    [Alias("RegisterScopedAsync")]
    Task<AccessKeyRecord> RegisterScopedAsync(string keyId, string keyHashHex, AccessRole role, string principal, string? scope);

    /// <summary>The record of the key with this hash, or null (unknown or revoked keys give null).</summary>
    [Alias("FindAsync")]
    Task<AccessKeyRecord?> FindAsync(string keyHashHex);

    /// <summary>Revokes a key by its id; returns false when there is none.</summary>
    [Alias("RevokeAsync")]
    Task<bool> RevokeAsync(string keyId);

    /// <summary>Whether any admin key exists (first start: none).</summary>
    [Alias("HasAdminAsync")]
    Task<bool> HasAdminAsync();

    /// <summary>Every key record (hashes only).</summary>
    [Alias("ListAsync")]
    Task<AccessKeyRecord[]> ListAsync();
}
