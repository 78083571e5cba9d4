using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OversightLedger.Server.Health;

/// <summary>The azure profile: ready when Hangfire's PostgreSQL answers a <c>SELECT 1</c>.</summary>
internal sealed class PostgreSqlReadinessCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"PostgreSQL {connection.Host}:{connection.Port} answers");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable", e);
        }
    }
}
