using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OversightLedger.Server.Health;

/// <summary>
/// The embedded profile: ready when Hangfire's SQLite database (<c>jobs.db</c> in the data directory) can be opened anew
/// and its job table read. A new, unpooled connection reads the file as it is on disk now, so a database that was
/// removed, replaced by something that is not a database, or made unreadable is seen, not hidden by the job storage's
/// open connections.
/// </summary>
internal sealed class SqliteJobStorageReadinessCheck(string databasePath) : IHealthCheck
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
        DefaultTimeout = 10,
    }.ToString();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT max(Id) FROM Job";
            object? last = await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"the jobs database answers (last run id {Convert.ToString(last, CultureInfo.InvariantCulture) ?? "none"})");
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy("the jobs database cannot be read", e);
        }
    }
}
