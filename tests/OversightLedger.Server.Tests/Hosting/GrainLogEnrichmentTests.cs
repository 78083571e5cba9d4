using System.Text.Json;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Hosting;

/// <summary>
/// Serilog events carry the identity of the grain that wrote them: in the real server's compact-JSON log file, the log
/// sequencer's activation event has <c>GrainId</c> <c>auditlog/&lt;origin&gt;</c> beside <c>Silo</c>, and events written
/// outside any grain (the host's) have none.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class GrainLogEnrichmentTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_log_sequencers_activation_event_carries_its_GrainId_and_the_hosts_events_none()
    {
        // The server activated its log sequencer on its first readiness check: created it (or opened it after a restart).
        await fixture.Public.LogSizeAsync(Ct);
        JsonElement activated = await ServerLogEvents.WaitForAsync(
            fixture.Server.DataDirectory,
            "Created the log {Origin} in {Location}",
            _ => true,
            Ct);

        string origin = activated.Property("Origin")!;
        Assert.Equal($"auditlog/{origin}", activated.Property("GrainId"));
        Assert.False(string.IsNullOrEmpty(activated.Property("Silo")), activated.GetRawText());
        Assert.Equal("OversightLedger.Grains.AuditLog.AuditLogGrain", activated.Property("SourceContext"));

        JsonElement listening = await ServerLogEvents.WaitForAsync(fixture.Server.DataDirectory, "Now listening on: {address}", _ => true, Ct);
        Assert.Null(listening.Property("GrainId"));
        Assert.False(string.IsNullOrEmpty(listening.Property("Silo")), listening.GetRawText());
    }
}
