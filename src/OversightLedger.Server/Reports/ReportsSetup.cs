using Microsoft.Extensions.DependencyInjection.Extensions;
using OversightLedger.Grains.Reports;
using OversightLedger.Server.Hosting;
using OversightLedger.Storage.Posix;

namespace OversightLedger.Server.Reports;

/// <summary>Published reports: where their files live (the embedded profile: <c>data/reports</c>) and what they say about the publisher.</summary>
internal static class ReportsSetup
{
    public static WebApplicationBuilder AddLedgerReports(this WebApplicationBuilder builder, ServerOptions options)
    {
        builder.Services.Configure<ReportPublishingOptions>(builder.Configuration.GetSection("Reports"));
        builder.Services.TryAddSingleton<IReportStore>(_ => new FileSystemReportStore(Path.Combine(options.DataDirectory, "reports")));
        builder.Services.AddSingleton<QuarterToDateReports>();
        return builder;
    }
}
