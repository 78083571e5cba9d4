namespace OversightLedger.Grains.Access;

/// <summary>Holds the hashed API keys; every change is durable before it is acknowledged.</summary>
public sealed class AccessKeyRegistryGrain(
    [PersistentState("keys", GrainStorageNames.Ledger)] IPersistentState<AccessKeyRegistryState> state,
    TimeProvider time) : Grain, IAccessKeyRegistryGrain
{
    /// <inheritdoc/>
    public Task<AccessKeyRecord> RegisterAsync(string keyId, string keyHashHex, AccessRole role, string principal) =>
        RegisterScopedAsync(keyId, keyHashHex, role, principal, scope: null);

    /// <inheritdoc/>
    public async Task<AccessKeyRecord> RegisterScopedAsync(string keyId, string keyHashHex, AccessRole role, string principal, string? scope)
    {
        if (state.State.KeysByHash.TryGetValue(keyHashHex, out AccessKeyRecord? existing))
        {
            return existing;
        }

        if (state.State.KeysByHash.Values.Any(k => k.KeyId == keyId))
        {
            throw new ArgumentException($"A key with id {keyId} exists already.", nameof(keyId));
        }

        var record = new AccessKeyRecord(keyId, keyHashHex, role, principal, time.GetUtcNow(), Revoked: false, scope);
        state.State.KeysByHash[keyHashHex] = record;
        await state.WriteStateAsync();
        return record;
    }

    /// <inheritdoc/>
    public Task<AccessKeyRecord?> FindAsync(string keyHashHex) =>
        Task.FromResult(state.State.KeysByHash.TryGetValue(keyHashHex, out AccessKeyRecord? record) && !record.Revoked ? record : null);

    /// <inheritdoc/>
    public async Task<bool> RevokeAsync(string keyId)
    {
        AccessKeyRecord? record = state.State.KeysByHash.Values.FirstOrDefault(k => k.KeyId == keyId);
        if (record is null)
        {
            return false;
        }

        state.State.KeysByHash[record.KeyHashHex] = record with { Revoked = true };
        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc/>
    public Task<bool> HasAdminAsync() =>
        Task.FromResult(state.State.KeysByHash.Values.Any(k => k.Role == AccessRole.Admin && !k.Revoked));

    /// <inheritdoc/>
    public Task<AccessKeyRecord[]> ListAsync() => Task.FromResult(state.State.KeysByHash.Values.ToArray());
}
