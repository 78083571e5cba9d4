using Serilog.Core;
using Serilog.Events;

namespace OversightLedger.Server.Hosting;

/// <summary>
/// Adds <c>GrainId</c> (as Orleans prints it, e.g. <c>auditlog/oversightledger.local/log</c>) to every log event written
/// on a grain's turn: its activation, its calls, its timers and its deactivation. It reads the grain context Orleans
/// keeps for the running turn when an event is written, so it costs nothing per grain call and nothing for an event
/// that is filtered out; the id is formatted by the sinks, off the grain's thread. Events written outside any grain
/// (requests, jobs, the host) have no <c>GrainId</c>.
/// </summary>
/// <remarks>
/// The accessor is attached at the silo's first lifecycle stage (<see cref="Participate"/>), before any grain runs: it
/// cannot be resolved while the logger itself is being built (Orleans' hosted client needs a logger).
/// </remarks>
internal sealed class GrainIdEnricher(IServiceProvider services) : ILogEventEnricher, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The name of the property.</summary>
    public const string PropertyName = "GrainId";

    private IGrainContextAccessor? _grains;

    /// <inheritdoc/>
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (Volatile.Read(ref _grains)?.GrainContext is not { } context)
        {
            return;
        }

        // Outside a grain's turn the accessor answers with the silo's hosted client, which is no grain.
        GrainId grain = context.GrainId;
        if (!grain.IsDefault && !grain.IsClient())
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty(PropertyName, new ScalarValue(grain)));
        }
    }

    /// <inheritdoc/>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(GrainIdEnricher), ServiceLifecycleStage.First, _ =>
        {
            Volatile.Write(ref _grains, services.GetRequiredService<IGrainContextAccessor>());
            return Task.CompletedTask;
        });
    }
}
