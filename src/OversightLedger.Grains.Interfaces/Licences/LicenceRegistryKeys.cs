namespace OversightLedger.Grains.Licences;

/// <summary>The key of the one <see cref="ILicenceRegistryGrain"/> of a ledger.</summary>
public static class LicenceRegistryKeys
{
    /// <summary>The registry's key.</summary>
    public const string Ledger = "ledger";
}
