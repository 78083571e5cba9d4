using OversightLedger.Grains.Witnesses;

namespace OversightLedger.Server.Witnesses;

/// <summary>Registers the cosignature store, for the <c>/log/</c> endpoints and for grains (as <see cref="ICosignatureStore"/>).</summary>
internal static class WitnessingSetup
{
    public static IServiceCollection AddWitnessing(this IServiceCollection services)
    {
        services.AddSingleton<CosignatureStore>();
        services.AddSingleton<ICosignatureStore>(provider => provider.GetRequiredService<CosignatureStore>());
        return services;
    }
}
