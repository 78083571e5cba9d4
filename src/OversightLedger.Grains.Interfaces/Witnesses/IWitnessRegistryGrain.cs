namespace OversightLedger.Grains.Witnesses;

/// <summary>
/// The witnesses whose cosignatures the log accepts (one registry, keyed <see cref="WitnessRegistry.Key"/>): each a name,
/// the principal that registered it, and its cosignature/v1 verifier key. The list is public; auditors check
/// cosignatures with it.
/// </summary>
[Alias("OversightLedger.Grains.Witnesses.IWitnessRegistryGrain")]
public interface IWitnessRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers <paramref name="name"/> with <paramref name="verifierKey"/> for <paramref name="owner"/>, durably. The same
    /// registration again changes nothing; the owner may give its witness a new key (the old one stops counting).
    /// Refused, with nothing changed, when another principal owns the name or another witness has the key.
    /// </summary>
    /// <exception cref="ArgumentException">The verifier key is not a cosignature/v1 (type 0x04) key.</exception>
    [Alias("RegisterAsync")]
    Task<WitnessRegistration> RegisterAsync(string name, string verifierKey, string owner);

    /// <summary>The witness registered under <paramref name="name"/>, or null.</summary>
    [Alias("FindAsync")]
    Task<WitnessRecord?> FindAsync(string name);

    /// <summary>Every registered witness, by name.</summary>
    [Alias("ListAsync")]
    Task<WitnessRecord[]> ListAsync();
}
