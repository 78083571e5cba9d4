using Microsoft.Extensions.DependencyInjection;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains;

/// <summary>The services the ledger grains need in a silo, whatever the storage profile.</summary>
public static class LedgerGrainServices
{
    /// <summary>Registers the log store (built by <paramref name="createStore"/>), its reader, the ledger's log access and the clock.</summary>
    public static IServiceCollection AddLedgerGrainServices(this IServiceCollection services, Func<IServiceProvider, AuditLogStore> createStore)
    {
        services.AddSingleton(createStore);
        services.AddSingleton<LogEntryReader>();
        services.AddSingleton<LedgerLog>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
