using Microsoft.Extensions.DependencyInjection.Extensions;
using OversightLedger.Grains.Sanctions;

namespace OversightLedger.Server.Sanctions;

/// <summary>Wires the sanctions lists: <c>Sanctions:</c> options, the lists in force (shared with the silo), the loader and the re-screening.</summary>
internal static class SanctionsSetup
{
    public static IServiceCollection AddSanctionsLists(this IServiceCollection services, IConfiguration configuration)
    {
        SanctionsOptions options = configuration.GetSection("Sanctions").Get<SanctionsOptions>() ?? new SanctionsOptions();
        if (options.Threshold is not (> 0 and <= 1))
        {
            throw new InvalidOperationException($"Sanctions:Threshold must be above 0 and at most 1, not {options.Threshold}.");
        }

        if (options.RescreenParallelism is < 1 or > 64)
        {
            throw new InvalidOperationException($"Sanctions:RescreenParallelism must be from 1 to 64, not {options.RescreenParallelism}.");
        }

        services.AddSingleton(options);
        services.AddHttpClient(SanctionsListLoader.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan); // the downloader's own timeout applies
        services.TryAddSingleton<SanctionsLists>();
        services.AddSingleton<CounterpartyRescreener>();
        services.AddSingleton<SanctionsListLoader>();
        services.AddHostedService(provider => provider.GetRequiredService<SanctionsListLoader>());
        return services;
    }
}
