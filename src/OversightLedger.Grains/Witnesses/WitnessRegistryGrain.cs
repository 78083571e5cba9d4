using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Grains.Witnesses;

/// <summary>
/// Holds the registered witnesses and the names reserved by watchdogs; every change is durable before it is
/// acknowledged. Not reentrant: a registration's check and its change are one turn, so no two principals can both get a name.
/// </summary>
public sealed class WitnessRegistryGrain(
    [PersistentState("witnesses", GrainStorageNames.Ledger)] IPersistentState<WitnessRegistryState> state,
    TimeProvider time) : Grain, IWitnessRegistryGrain
{
    /// <inheritdoc/>
    public async Task<WitnessRegistration> RegisterAsync(string name, string verifierKey, string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        CosignatureVerifier key = ParseKey(verifierKey);
        string canonicalKey = verifierKey.Trim();
        Dictionary<string, WitnessRecord> witnesses = state.State.WitnessesByName;

        witnesses.TryGetValue(name, out WitnessRecord? existing);
        if (existing is not null && existing.Owner != owner)
        {
            return new WitnessRegistration(WitnessRegistrationOutcome.NameTaken, existing);
        }

        if (state.State.ReservedNames.TryGetValue(name, out string? reservedFor) && reservedFor != owner)
        {
            return new WitnessRegistration(WitnessRegistrationOutcome.NameTaken, null);
        }

        if (existing is not null && existing.VerifierKey == canonicalKey)
        {
            return new WitnessRegistration(WitnessRegistrationOutcome.Unchanged, existing);
        }

        // Cosignature lines name their key by name and key hash only, so two witnesses may not share that pair.
        WitnessRecord? sameKey = witnesses.Values.FirstOrDefault(w => w.Name != name && SameKeyId(ParseKey(w.VerifierKey), key));
        if (sameKey is not null)
        {
            return new WitnessRegistration(WitnessRegistrationOutcome.KeyTaken, sameKey);
        }

        var record = new WitnessRecord(name, canonicalKey, owner, time.GetUtcNow());
        witnesses[name] = record;
        await state.WriteStateAsync();
        return new WitnessRegistration(existing is null ? WitnessRegistrationOutcome.Registered : WitnessRegistrationOutcome.KeyReplaced, record);
    }

    /// <inheritdoc/>
    public async Task<bool> ReserveNameAsync(string name, string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (state.State.WitnessesByName.TryGetValue(name, out WitnessRecord? existing) && existing.Owner != owner)
        {
            return false;
        }

        if (state.State.ReservedNames.TryGetValue(name, out string? reservedFor))
        {
            return reservedFor == owner;
        }

        state.State.ReservedNames[name] = owner;
        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc/>
    public async Task<bool> RetireAsync(string name, string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        if (!state.State.WitnessesByName.TryGetValue(name, out WitnessRecord? existing) || existing.VerifierKey != verifierKey.Trim())
        {
            return false;
        }

        state.State.WitnessesByName.Remove(name);
        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc/>
    public Task<WitnessRecord?> FindAsync(string name) =>
        Task.FromResult(state.State.WitnessesByName.TryGetValue(name, out WitnessRecord? record) ? record : null);

    /// <inheritdoc/>
    public Task<WitnessRecord[]> ListAsync() =>
        Task.FromResult(state.State.WitnessesByName.Values.OrderBy(w => w.Name, StringComparer.Ordinal).ToArray());

    private static CosignatureVerifier ParseKey(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        try
        {
            return new CosignatureVerifier(verifierKey.Trim());
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Not a cosignature/v1 verifier key: {e.Message}", nameof(verifierKey), e);
        }
    }

    private static bool SameKeyId(CosignatureVerifier a, CosignatureVerifier b) => a.Name == b.Name && a.KeyHash == b.KeyHash;
}
