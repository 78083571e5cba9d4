using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OversightLedger.Reporting.Tests.Rendering;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Sanctions;

/// <summary>
/// The <c>sanctions-refresh</c> job on a real server: the UN Security Council list configured by address (served here
/// over real HTTP) and the EU list by file, in the formats of <c>SanctionsListReader</c>. A refresh of an unchanged list
/// records nothing; a changed list is put in force and recorded once; a truncated download or a 404 is refused and the
/// version in force stays; only an admin may run the job now.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class SanctionsRefreshJobTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ListFeed _feed = new();
    private byte[] _un = [];
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async ValueTask InitializeAsync()
    {
        _un = await File.ReadAllBytesAsync(SanctionsTestData("un", "consolidated.xml"), Ct);
        _feed.Serve(_un);
        _server = await ServerProcess.StartAsync(
            new ServerProcessOptions
            {
                Arguments =
                [
                    "--Sanctions:Lists:0:Url", _feed.Address + "consolidated.xml", "--Sanctions:Lists:0:Format", "un-xml",
                    "--Sanctions:Lists:1:Path", SanctionsTestData("eu", "sample_eu_fsf.xml"), "--Sanctions:Lists:1:Format", "eu-xml",
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

        _feed.Dispose();
    }

    [Fact]
    public async Task A_changed_list_is_put_in_force_and_recorded_once_and_a_broken_download_leaves_the_version_in_force()
    {
        using HttpClient admin = Server.CreateClient(ServerProcess.AdminKey);
        using HttpClient open = Server.CreateClient();

        // At start: both lists in force, each version recorded once.
        JsonElement lists = await open.GetJsonAsync("api/sanctions/lists", Ct);
        JsonElement[] configured = [.. lists.GetProperty("configured").EnumerateArray()];
        Assert.Equal(("in-force", "UN-SC-CONSOLIDATED", Sha(_un)), (configured[0].Text("status"), configured[0].Text("source"), configured[0].Text("sha256")));
        Assert.Equal(_feed.Address + "consolidated.xml", configured[0].Text("file"));
        Assert.Equal(1_003, configured[0].GetProperty("entryCount").GetInt32());
        Assert.Equal(("in-force", "EU-FSF"), (configured[1].Text("status"), configured[1].Text("source")));
        Assert.Equal(2, lists.GetProperty("recorded").GetArrayLength());
        ulong size = await open.LogSizeAsync(Ct);

        // An unchanged list: nothing new in the log.
        await RefreshAsync(admin);
        Assert.Equal(size, await open.LogSizeAsync(Ct));

        // A new version (one entity fewer): in force and recorded once, even when refreshed twice.
        byte[] changed = WithoutFirst(_un, "ENTITY");
        _feed.Serve(changed);
        await RefreshAsync(admin);
        await RefreshAsync(admin);
        lists = await open.GetJsonAsync("api/sanctions/lists", Ct);
        configured = [.. lists.GetProperty("configured").EnumerateArray()];
        Assert.Equal(("in-force", Sha(changed), 1_002), (configured[0].Text("status"), configured[0].Text("sha256"), configured[0].GetProperty("entryCount").GetInt32()));
        Assert.Contains(lists.GetProperty("inForce").EnumerateArray(), v => v.Text("sha256") == Sha(changed));
        Assert.Single(lists.GetProperty("recorded").EnumerateArray(), v => v.Text("sha256") == Sha(changed));
        Assert.Equal(size + 1, await open.LogSizeAsync(Ct));

        // A truncated download and a 404: refused, saying why; the new version stays in force; nothing logged.
        _feed.Serve(changed[..(changed.Length / 2)]);
        await RefreshAsync(admin);
        JsonElement truncated = (await open.GetJsonAsync("api/sanctions/lists", Ct)).GetProperty("configured")[0];
        _feed.Fail(HttpStatusCode.NotFound);
        await RefreshAsync(admin);
        JsonElement missing = await open.GetJsonAsync("api/sanctions/lists", Ct);

        Assert.Equal(("refused", Sha(changed)), (truncated.Text("status"), truncated.Text("sha256")));
        Assert.Contains("XML", truncated.Text("error"), StringComparison.Ordinal);
        Assert.Equal("refused", missing.GetProperty("configured")[0].Text("status"));
        Assert.Contains("404", missing.GetProperty("configured")[0].Text("error"), StringComparison.Ordinal);
        Assert.Contains(missing.GetProperty("inForce").EnumerateArray(), v => v.Text("sha256") == Sha(changed));
        Assert.Equal("in-force", missing.GetProperty("configured")[1].Text("status"));
        Assert.Equal(size + 1, await open.LogSizeAsync(Ct));

        // Screening uses the UN list in force: a listed entity is found (name reordered, as an agency might type it).
        using HttpClient agency = Server.CreateClient(
            (await admin.PostJsonAsync("api/keys", new { role = "agency", principal = "agency-refresh" }, Ct).ExpectCreatedAsync(Ct)).Text("key"));
        using HttpResponseMessage answer = await agency.PostJsonAsync("api/sanctions/screen", new { name = "Francois Yangouvonda Bozize" }, Ct);
        JsonElement screened = await answer.ExpectJsonAsync(HttpStatusCode.OK, Ct);
        Assert.True(screened.GetProperty("hit").GetBoolean(), screened.ToString());
        Assert.StartsWith("UN-SC-CONSOLIDATED:", screened.GetProperty("matches")[0].Text("entry"), StringComparison.Ordinal);

        // Only an admin runs the job now.
        await ProblemAssert.RefusedAsync(open, ct => agency.PostAsync(new Uri("api/jobs/sanctions-refresh/trigger", UriKind.Relative), null, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(open, ct => open.PostAsync(new Uri("api/jobs/sanctions-refresh/trigger", UriKind.Relative), null, ct), HttpStatusCode.Unauthorized, null, Ct);
    }

    private static async Task RefreshAsync(HttpClient admin)
    {
        string run = await admin.TriggerAsync("sanctions-refresh", Ct);
        await admin.WaitUntilSucceededAsync("sanctions-refresh", run, JobRuns.DefaultWait, Ct);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The file with its first <paramref name="element"/> element cut out: still a whole, valid list.</summary>
    private static byte[] WithoutFirst(byte[] xml, string element)
    {
        string text = Encoding.UTF8.GetString(xml);
        int start = text.IndexOf($"<{element}>", StringComparison.Ordinal);
        int end = text.IndexOf($"</{element}>", start, StringComparison.Ordinal) + element.Length + 3;
        return Encoding.UTF8.GetBytes(text[..start] + text[end..]);
    }

    private static string SanctionsTestData(params string[] parts) =>
        Path.Combine([RepositoryFolders.Root, "tests", "OversightLedger.Sanctions.Tests", "Data", .. parts]);

    /// <summary>A list publisher over real HTTP on loopback: serves the bytes it was last given, or a status.</summary>
    private sealed class ListFeed : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;
        private volatile byte[] _body = [];
        private volatile int _status = 200;

        public ListFeed()
        {
            for (int attempt = 0; ; attempt++)
            {
                int port = Random.Shared.Next(20_000, 60_000);
                try
                {
                    Address = $"http://127.0.0.1:{port}/";
                    _listener.Prefixes.Clear();
                    _listener.Prefixes.Add(Address);
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 20)
                {
                }
            }

            _serving = ServeAsync();
        }

        public string Address { get; private set; } = string.Empty;

        public void Serve(byte[] body)
        {
            _body = body;
            _status = 200;
        }

        public void Fail(HttpStatusCode status) => _status = (int)status;

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using HttpListenerResponse response = context.Response;
                response.StatusCode = _status;
                if (_status == 200)
                {
                    byte[] body = _body;
                    response.ContentType = "application/xml";
                    response.ContentLength64 = body.Length;
                    await response.OutputStream.WriteAsync(body);
                }
            }
        }
    }
}
