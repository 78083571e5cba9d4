using Microsoft.Extensions.DependencyInjection;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains;

/// <summary>The services the ledger grains need in a silo, whatever the storage profile.</summary>
public static class LedgerGrainServices
{
    /// <summary>
    /// Registers the log store (built by <paramref name="createStore"/>), its reader, the ledger's log access, the grain reference cache and the clock
    /// the grains stamp entries with: <paramref name="clock"/>, or the system's when null.
    /// </summary>
    public static IServiceCollection AddLedgerGrainServices(this IServiceCollection services, Func<IServiceProvider, AuditLogStore> createStore, TimeProvider? clock = null)
    {
        services.AddSingleton(createStore);
        services.AddSingleton<LogEntryReader>();
        services.AddSingleton<LedgerLog>();
        services.AddSingleton<GrainReferenceCache>();
        services.AddSingleton(clock ?? TimeProvider.System);
        return services;
    }
}
