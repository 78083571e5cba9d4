namespace OversightLedger.Grains.Witnesses;

/// <summary>
/// The witnesses whose cosignatures the log accepts (one registry, keyed <see cref="WitnessRegistry.Key"/>): each a name,
/// the principal that registered it, and its cosignature/v1 verifier key. The list is public; auditors check
/// cosignatures with it. A name is owned by one principal: the first to register it as a witness or to reserve it by
/// registering a watchdog of that id. Every decision is taken in the registry's turn (the grain is not reentrant).
/// </summary>
[Alias("OversightLedger.Grains.Witnesses.IWitnessRegistryGrain")]
public interface IWitnessRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers <paramref name="name"/> with <paramref name="verifierKey"/> for <paramref name="owner"/>, durably. The same
    /// registration again changes nothing; the owner may give its witness a new key (the old one stops counting).
    /// Refused, with nothing changed, when another principal owns the name (a witness's or a watchdog's reservation) or
    /// another witness has the key.
    /// </summary>
    /// <exception cref="ArgumentException">The verifier key is not a cosignature/v1 (type 0x04) key.</exception>
    [Alias("RegisterAsync")]
    Task<WitnessRegistration> RegisterAsync(string name, string verifierKey, string owner);

    /// <summary>
    /// Reserves the witness name <paramref name="name"/> for <paramref name="owner"/> (a watchdog's id, reserved when the
    /// watchdog is registered), durably: true when the name is now <paramref name="owner"/>'s (newly or already), false
    /// when another principal owns it, as a witness or a reservation; nothing changes then.
    /// </summary>
    [Alias("ReserveNameAsync")]
    Task<bool> ReserveNameAsync(string name, string owner);

    /// <summary>
    /// Removes the witness <paramref name="name"/> if it is registered with exactly <paramref name="verifierKey"/> (a
    /// key the server once generated; its private half is destroyed). True when a record was removed.
    /// </summary>
    [Alias("RetireAsync")]
    Task<bool> RetireAsync(string name, string verifierKey);

    /// <summary>The witness registered under <paramref name="name"/>, or null.</summary>
    [Alias("FindAsync")]
    Task<WitnessRecord?> FindAsync(string name);

    /// <summary>Every registered witness, by name.</summary>
    [Alias("ListAsync")]
    Task<WitnessRecord[]> ListAsync();
}
