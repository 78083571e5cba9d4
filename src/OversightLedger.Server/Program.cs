using OversightLedger.Server.Access;
using OversightLedger.Server.Anchoring;
using OversightLedger.Server.Api;
using OversightLedger.Server.Health;
using OversightLedger.Server.Hosting;
using OversightLedger.Server.Jobs;
using OversightLedger.Server.Log;
using OversightLedger.Server.Reports;
using OversightLedger.Server.Sanctions;
using OversightLedger.Server.Verification;
using OversightLedger.Server.Witnesses;
using Scalar.AspNetCore;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateBootstrapLogger();
try
{
    // No configuration reload: its file watcher covers the content root recursively, which is usually the directory the
    // server runs in and holds ./data, so every tile the log writes woke it (about 4 % of the server's CPU under load).
    WebApplicationBuilder builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
    builder.Configuration.AddEnvironmentVariables("OVERSIGHT_");
    ServerOptions options = builder.Configuration.Get<ServerOptions>() ?? new ServerOptions();
    builder.Services.AddSingleton(options);

    builder.AddServerLogging(options);
    TimeProvider clock = builder.AddServerClock();
    _ = options.Profile == ServerProfile.Azure ? builder.AddAzureSilo(options, clock) : builder.AddEmbeddedSilo(options, clock);
    builder.AddLedgerJobs(options);
    builder.AddLedgerReports(options);
    builder.AddLedgerAnchoring();
    builder.Services.AddSanctionsLists(builder.Configuration);
    builder.Services.AddServerHealthChecks(options, builder.Configuration);
    builder.Services.AddApiKeyAccess();
    builder.Services.AddHangfireDashboardAccess();
    builder.Services.AddLedgerRateLimits(builder.Configuration);
    builder.Services.AddWitnessing(builder.Configuration);
    builder.Services.AddStrictRequests();
    builder.Services.AddOpenApi();

    WebApplication app = builder.Build();
    app.UseServerRequestLogging();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseLedgerRateLimits();
    app.UseRequestCharsetCheck();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseHangfireDashboardFormCheck();
    app.MapOpenApi();
    app.MapScalarApiReference();
    app.MapServerHealthChecks();
    app.MapLogEndpoints();
    app.MapKeysApi();
    app.MapBudgetsApi();
    app.MapConsequencesApi();
    app.MapProgramsApi();
    app.MapDisbursementsApi();
    app.MapReversalsApi();
    app.MapVettingApi();
    app.MapJobsApi();
    app.MapHangfireDashboardForAdmins();
    app.MapWatchdogsApi();
    app.MapReportsEndpoints();
    app.MapWitnessesApi();
    app.MapAnchorsEndpoints();
    app.MapVerifyPage();
    app.MapCounterpartiesApi();
    app.MapSanctionsApi();
    app.MapLicencesApi();

    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is not HostAbortedException)
{
    Log.Fatal(e, "The server stopped unexpectedly");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
public partial class Program;
