using Microsoft.Extensions.DependencyInjection.Extensions;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Witnesses;

/// <summary>
/// Registers the cosignature store, for the <c>/log/</c> endpoints and for grains (as <see cref="ICosignatureStore"/>),
/// and where it keeps its notes: files under <c>data/witness/</c> unless the profile registered its own
/// <see cref="ICosignatureFiles"/> first (the azure profile: blobs every silo shares).
/// </summary>
internal static class WitnessingSetup
{
    public static IServiceCollection AddWitnessing(this IServiceCollection services)
    {
        services.TryAddSingleton<ICosignatureFiles>(provider =>
            new FileCosignatureFiles(Path.Combine(provider.GetRequiredService<ServerOptions>().DataDirectory, "witness")));
        services.AddSingleton(provider => new CosignatureStore(
            provider.GetRequiredService<AuditLogStore>(), provider.GetRequiredService<IGrainFactory>(), provider.GetRequiredService<ICosignatureFiles>()));
        services.AddSingleton<ICosignatureStore>(provider => provider.GetRequiredService<CosignatureStore>());
        return services;
    }
}
