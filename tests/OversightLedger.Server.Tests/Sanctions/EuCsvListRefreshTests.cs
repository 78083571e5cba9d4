using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OversightLedger.Reporting.Tests.Rendering;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Sanctions;

/// <summary>
/// The EU list configured in its CSV export (<c>eu-csv</c>) on a real server: loaded and recorded at start; a truncated
/// copy, one without its header and one with another delimiter are refused by the <c>sanctions-refresh</c> job, saying
/// why, and the version in force stays, nothing logged; a changed whole file is put in force and recorded.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class EuCsvListRefreshTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"oversight-eu-{Guid.NewGuid():N}.csv");
    private byte[] _csv = [];
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async ValueTask InitializeAsync()
    {
        _csv = await File.ReadAllBytesAsync(Path.Combine([RepositoryFolders.Root, "tests", "OversightLedger.Sanctions.Tests", "Data", "eu", "sample_eu_fsf.csv"]), Ct);
        await File.WriteAllBytesAsync(_path, _csv, Ct);
        _server = await ServerProcess.StartAsync(
            new ServerProcessOptions
            {
                Arguments = ["--Sanctions:Lists:0:Path", _path, "--Sanctions:Lists:0:Format", "eu-csv", "--Sanctions:RefreshCron", "never", "--Jobs:WatchdogScanCron", "never"],
            },
            Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        File.Delete(_path);
    }

    [Fact]
    public async Task Broken_copies_of_the_eu_csv_are_refused_and_the_version_in_force_stays()
    {
        using HttpClient admin = Server.CreateClient(ServerProcess.AdminKey);
        using HttpClient open = Server.CreateClient();
        JsonElement configured = (await open.GetJsonAsync("api/sanctions/lists", Ct)).GetProperty("configured")[0];
        Assert.Equal(("in-force", "EU-FSF", Sha(_csv), 5), (configured.Text("status"), configured.Text("source"), configured.Text("sha256"), configured.GetProperty("entryCount").GetInt32()));
        ulong size = await open.LogSizeAsync(Ct);

        string text = Encoding.UTF8.GetString(_csv);
        int middle = text.IndexOf('\n', text.Length / 2) - 20;
        foreach ((string copy, string why) in new[]
        {
            (text[..middle], "truncated"),
            (string.Join('\n', text.Split('\n').Skip(1)), "Entity_LogicalId"),
            (text.Replace(';', ','), "';'"),
        })
        {
            await File.WriteAllTextAsync(_path, copy, Ct);
            await RefreshAsync(admin);
            JsonElement lists = await open.GetJsonAsync("api/sanctions/lists", Ct);
            JsonElement refused = lists.GetProperty("configured")[0];
            Assert.Equal(("refused", Sha(_csv)), (refused.Text("status"), refused.Text("sha256")));
            Assert.Contains(why, refused.Text("error"), StringComparison.Ordinal);
            Assert.Contains(lists.GetProperty("inForce").EnumerateArray(), v => v.Text("sha256") == Sha(_csv));
            Assert.Equal(size, await open.LogSizeAsync(Ct));
        }

        // A whole file with an alias changed: in force and recorded once.
        byte[] changed = Encoding.UTF8.GetBytes(text.Replace("Ali Salem", "Ali Saleem", StringComparison.Ordinal));
        await File.WriteAllBytesAsync(_path, changed, Ct);
        await RefreshAsync(admin);
        JsonElement now = (await open.GetJsonAsync("api/sanctions/lists", Ct)).GetProperty("configured")[0];
        Assert.Equal(("in-force", Sha(changed), 5), (now.Text("status"), now.Text("sha256"), now.GetProperty("entryCount").GetInt32()));
        Assert.Equal(size + 1, await open.LogSizeAsync(Ct));
    }

    private static async Task RefreshAsync(HttpClient admin)
    {
        string run = await admin.TriggerAsync("sanctions-refresh", Ct);
        await admin.WaitUntilSucceededAsync("sanctions-refresh", run, JobRuns.DefaultWait, Ct);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
