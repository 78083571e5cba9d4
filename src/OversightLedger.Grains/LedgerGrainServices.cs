using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains;

/// <summary>The services the ledger grains need in a silo, whatever the storage profile.</summary>
public static class LedgerGrainServices
{
    /// <summary>
    /// Registers the log store (built by <paramref name="createStore"/>), its reader, the sequencer's index (in memory unless one is registered already), the ledger's log access, the grain reference cache, the sanctions lists in force (empty until the host loads some) and the clock
    /// the grains stamp entries with: <paramref name="clock"/>, or the system's when null.
    /// </summary>
    public static IServiceCollection AddLedgerGrainServices(this IServiceCollection services, Func<IServiceProvider, AuditLogStore> createStore, TimeProvider? clock = null)
    {
        services.AddSingleton(createStore);
        services.AddSingleton<LogEntryReader>();

        // The sequencer's index, one per silo, opened by each activation of the sequencer and closed when it goes: in memory unless the host registered another before (the embedded
        // server keeps it in SQLite).
        services.TryAddSingleton<ILogEntryIndex, InMemoryLogEntryIndex>();
        services.AddSingleton<LedgerLog>();
        services.AddSingleton<GrainReferenceCache>();
        services.TryAddSingleton<Sanctions.SanctionsLists>();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddOptions<Snapshots.GrainSnapshotOptions>();
        return services;
    }

    /// <summary>
    /// Lets the budget and program grains restore from and write state snapshots in <paramref name="createStore"/>'s store
    /// (issue 17); without it they replay their whole history from the log at every activation.
    /// </summary>
    public static IServiceCollection AddGrainSnapshots(this IServiceCollection services, Func<IServiceProvider, Snapshots.IGrainSnapshotStore> createStore)
    {
        services.AddSingleton(createStore);
        services.AddSingleton<Snapshots.GrainSnapshots>();
        return services;
    }
}
