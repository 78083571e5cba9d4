using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace OversightLedger.Server.Hosting;

/// <summary>
/// Serilog: console and a rolling compact-JSON file under the data directory, with Orleans' noisy categories turned down;
/// every event says which silo (<c>Silo</c>, <c>Cluster</c>) and, when a grain wrote it, which grain (<c>GrainId</c>).
/// </summary>
internal static class LoggingSetup
{
    public static WebApplicationBuilder AddServerLogging(this WebApplicationBuilder builder, ServerOptions options)
    {
        // Which silo said it: the advertised address and silo port (unique in a cluster, even on one machine), and in the
        // azure profile the cluster it belongs to.
        string silo = $"{(string.IsNullOrWhiteSpace(options.AdvertisedIp) ? Environment.MachineName : options.AdvertisedIp)}:{options.SiloPort}";
        string? cluster = options.Profile == ServerProfile.Azure
            ? builder.Configuration.GetSection(AzureProfileOptions.Section).Get<AzureProfileOptions>()?.ClusterId ?? new AzureProfileOptions().ClusterId
            : null;
        // Which grain said it: the grain whose turn wrote the event (GrainIdEnricher; none outside grains).
        builder.Services.AddSingleton<GrainIdEnricher>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<GrainIdEnricher>());
        builder.Services.AddSerilog((services, configuration) => configuration
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Silo", silo)
            .Enrich.When(_ => cluster is not null, enrich => enrich.WithProperty("Cluster", cluster))
            .Enrich.With(services.GetRequiredService<GrainIdEnricher>())
            .WriteTo.Async(sinks => sinks.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture))
            .WriteTo.Async(sinks => sinks.File(
                new CompactJsonFormatter(),
                Path.Combine(options.DataDirectory, "logs", "server-.clef"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14)));
        return builder;
    }

    /// <summary>
    /// Request logging: routine requests at Debug (thousands a second would otherwise cost a core on the
    /// console), slow ones (over a second) at Warning, client errors (4xx) at Information — once, by this line, without
    /// a stack trace — and server errors at Error. The line holds the method, the path (no query string) and the status,
    /// never the body.
    /// </summary>
    public static WebApplication UseServerRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(logging => logging.GetLevel = (context, elapsedMs, error) =>
            error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
            : elapsedMs > 1000 ? LogEventLevel.Warning
            : context.Response.StatusCode >= 400 ? LogEventLevel.Information
            : LogEventLevel.Debug);
        return app;
    }
}
