using Microsoft.Extensions.Diagnostics.HealthChecks;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Server.Health;

/// <summary>Ready when the log's sequencer is active and its storage answers.</summary>
internal sealed class LogReadinessCheck(IGrainFactory grains, AuditLogStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            LogTreeHead head = await grains.GetGrain<IAuditLogGrain>(store.Origin).GetTreeHeadAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return HealthCheckResult.Healthy($"log {store.Origin} at size {head.TreeSize}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the log is not reachable", e);
        }
    }
}
