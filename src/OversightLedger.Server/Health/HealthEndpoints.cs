using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace OversightLedger.Server.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the log and its storage answer).</summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddServerHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<LogReadinessCheck>("log", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapServerHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return routes;
    }
}
