using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (the log and its storage answer, and the job
/// storage: Hangfire's SQLite database in the embedded profile; in the azure profile the storage account and Hangfire's
/// PostgreSQL).
/// </summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddServerHealthChecks(this IServiceCollection services, ServerOptions options, IConfiguration configuration)
    {
        IHealthChecksBuilder checks = services.AddHealthChecks().AddCheck<LogReadinessCheck>("log", tags: [ReadyTag]);
        if (options.Profile == ServerProfile.Azure)
        {
            string postgreSql = configuration["Hangfire:PostgreSql"] ?? "";
            checks.AddCheck<BlobStorageReadinessCheck>("blob-storage", tags: [ReadyTag]);
            checks.Add(new HealthCheckRegistration("postgresql", _ => new PostgreSqlReadinessCheck(postgreSql), failureStatus: null, tags: [ReadyTag]));
        }
        else
        {
            checks.Add(new HealthCheckRegistration("jobs", _ => new SqliteJobStorageReadinessCheck(options.JobsDatabase), failureStatus: null, tags: [ReadyTag]));
        }

        return services;
    }

    public static IEndpointRouteBuilder MapServerHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return routes;
    }
}
