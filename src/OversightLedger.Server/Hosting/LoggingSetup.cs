using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace OversightLedger.Server.Hosting;

/// <summary>Serilog: console and a rolling compact-JSON file under the data directory, with Orleans' noisy categories turned down.</summary>
internal static class LoggingSetup
{
    public static WebApplicationBuilder AddServerLogging(this WebApplicationBuilder builder, ServerOptions options)
    {
        builder.Services.AddSerilog((services, configuration) => configuration
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Silo", $"{Environment.MachineName}:{options.SiloPort}")
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(options.DataDirectory, "logs", "server-.clef"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14));
        return builder;
    }
}
