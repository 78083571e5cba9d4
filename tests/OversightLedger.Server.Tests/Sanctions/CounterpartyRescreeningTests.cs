using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Tests.Rendering;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Sanctions;

/// <summary>
/// Re-screening every counterparty when a list changes, on a real server: a counterparty registered while not on the
/// UN list in force becomes a hit when the <c>sanctions-refresh</c> job puts a version listing it in force, without
/// anyone reading it or paying it: its <c>CounterpartyScreened</c> entry appears in the log by itself.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class CounterpartyRescreeningTests : IAsyncLifetime
{
    private const string RescreenedTemplate =
        "Re-screened {Rescreened} of {Counterparties} counterparties against the sanctions lists in force ({Unaffected} unaffected by the change): {Hits} hit(s), {NewHits} new; {Failed} failed";

    private const string ListedEntityId = "6908025"; // CONGOMET TRADING HOUSE
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _directory = Directory.CreateTempSubdirectory("oversight-rescreen-").FullName;
    private byte[] _full = [];
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    private string ListPath => Path.Combine(_directory, "consolidated.xml");

    public async ValueTask InitializeAsync()
    {
        _full = await File.ReadAllBytesAsync(
            Path.Combine(RepositoryFolders.Root, "tests", "OversightLedger.Sanctions.Tests", "Data", "un", "consolidated.xml"), Ct);
        await File.WriteAllBytesAsync(ListPath, WithoutEntity(_full, ListedEntityId), Ct);
        _server = await ServerProcess.StartAsync(
            new ServerProcessOptions
            {
                Arguments =
                [
                    "--Sanctions:Lists:0:Path", ListPath, "--Sanctions:Lists:0:Format", "un-xml",
                    "--Sanctions:RefreshCron", "never", "--Jobs:WatchdogScanCron", "never",
                ],
            },
            Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_list_change_that_adds_a_registered_counterparty_makes_it_a_hit_without_it_being_read()
    {
        using HttpClient admin = Server.CreateClient(ServerProcess.AdminKey);
        using HttpClient open = Server.CreateClient();
        using HttpClient agency = Server.CreateClient(await admin.CreateKeyAsync("agency", LedgerHttp.UniqueId("agency"), Ct));

        JsonElement registered = await agency.PostJsonAsync("api/counterparties", new { kind = "vendor", name = "Congomet Trading House" }, Ct).ExpectCreatedAsync(Ct);
        JsonElement counterparty = registered.GetProperty("counterparty");
        string id = counterparty.Text("counterparty");
        Assert.Equal("clear", counterparty.Text("status"));
        JsonElement unrelated = (await agency.PostJsonAsync("api/counterparties", new { kind = "vendor", name = "Zebulon Orchard Cooperative" }, Ct).ExpectCreatedAsync(Ct))
            .GetProperty("counterparty");
        ulong before = await open.LogSizeAsync(Ct);

        // List B lists it: the refresh puts B in force and the counterparty is re-screened in the background.
        await File.WriteAllBytesAsync(ListPath, _full, Ct);
        string run = await admin.TriggerAsync("sanctions-refresh", Ct);
        await admin.WaitUntilSucceededAsync("sanctions-refresh", run, JobRuns.DefaultWait, Ct);
        JsonElement rescreened = await ServerLogEvents.WaitForAsync(
            Server.DataDirectory, RescreenedTemplate, e => e.GetProperty("Counterparties").GetInt32() == 2, Ct);

        // Only against what changed: the other counterparty's name comes near nothing the new version added.
        Assert.Equal(1, rescreened.GetProperty("Rescreened").GetInt32());
        Assert.Equal(1, rescreened.GetProperty("Unaffected").GetInt32());
        Assert.Equal(1, rescreened.GetProperty("Hits").GetInt32());
        Assert.Equal(1, rescreened.GetProperty("NewHits").GetInt32());
        Assert.Equal(0, rescreened.GetProperty("Failed").GetInt32());
        CounterpartyScreened screened = await WaitForScreeningAsync(open, id, before);
        Assert.True(screened.Hit);
        Assert.StartsWith("UN-SC-CONSOLIDATED:", screened.MatchedEntry, StringComparison.Ordinal);
        Assert.DoesNotContain("CONGOMET", Encoding.UTF8.GetString(screened.ToCanonicalJson()), StringComparison.OrdinalIgnoreCase);
        ulong after = await open.LogSizeAsync(Ct);
        for (ulong leaf = before; leaf < after; leaf++)
        {
            Assert.False(
                LedgerEntryParser.Parse(await open.ReadLogEntryAsync(leaf, after, Ct)) is CounterpartyScreened other && other.Counterparty == unrelated.Text("counterparty"),
                "The counterparty the change cannot affect was screened again.");
        }

        // Reading it now screens nothing more: it is a hit, blocked, against the version in force.
        ulong size = await open.LogSizeAsync(Ct);
        JsonElement read = await agency.GetJsonAsync($"api/counterparties/{id}", Ct);
        Assert.Equal("hit", read.Text("status"));
        Assert.True(read.GetProperty("blocked").GetBoolean());
        Assert.Equal(size, await open.LogSizeAsync(Ct));

        // The same list again: nothing changed, nothing re-screened, nothing logged.
        int runs = ServerLogEvents.Read(Server.DataDirectory).Count(e => e.TryGetProperty("@mt", out JsonElement mt) && mt.GetString() == RescreenedTemplate);
        string again = await admin.TriggerAsync("sanctions-refresh", Ct);
        await admin.WaitUntilSucceededAsync("sanctions-refresh", again, JobRuns.DefaultWait, Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(runs, ServerLogEvents.Read(Server.DataDirectory).Count(e => e.TryGetProperty("@mt", out JsonElement mt) && mt.GetString() == RescreenedTemplate));
        Assert.Equal(size, await open.LogSizeAsync(Ct));
    }

    /// <summary>Polls the public log from <paramref name="from"/> until it holds a CounterpartyScreened of <paramref name="counterparty"/>.</summary>
    private static async Task<CounterpartyScreened> WaitForScreeningAsync(HttpClient open, string counterparty, ulong from)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            ulong size = await open.LogSizeAsync(Ct);
            for (ulong leaf = from; leaf < size; leaf++)
            {
                if (LedgerEntryParser.Parse(await open.ReadLogEntryAsync(leaf, size, Ct)) is CounterpartyScreened screened && screened.Counterparty == counterparty)
                {
                    return screened;
                }
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"No CounterpartyScreened of '{counterparty}' in the log after leaf {from} within 20 s.");
            await Task.Delay(200, Ct);
        }
    }

    /// <summary>The UN list without the entity of this DATAID: still a whole, valid list of another version.</summary>
    private static byte[] WithoutEntity(byte[] xml, string dataId)
    {
        string text = Encoding.UTF8.GetString(xml);
        int id = text.IndexOf($"<DATAID>{dataId}</DATAID>", StringComparison.Ordinal);
        int start = text.LastIndexOf("<ENTITY>", id, StringComparison.Ordinal);
        int end = text.IndexOf("</ENTITY>", id, StringComparison.Ordinal) + "</ENTITY>".Length;
        return Encoding.UTF8.GetBytes(text[..start] + text[end..]);
    }
}
