using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using OversightLedger.Cli.Tests.Agency;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Monitor;

/// <summary>
/// What docs/WATCHDOG-RULES.md promises: an auditor who runs <c>oversight monitor --watchdog ID</c> on the public log
/// gets exactly the findings the watchdog grain of that id raises on the server. The log is the README's tour (the
/// curl commands of "A first disbursement" and "Watchdogs, findings…"), plus a second program paying the tour's
/// household in the same month, which both must see as a duplicate beneficiary.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class MonitorMatchesWatchdogGrainTests : IAsyncLifetime
{
    private readonly string _adminKey = "test-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private readonly TemporaryDirectory _temp = new();
    private ServerProcess? _server;
    private HttpClient? _http;

    private ServerProcess Server => _server!;

    private HttpClient Http => _http!;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(
            new ServerProcessOptions { AdminKey = _adminKey, ScheduledWatchdogScans = true }, TestContext.Current.CancellationToken);
        _http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task The_monitor_on_the_README_tours_log_prints_the_findings_the_watchdog_grain_raises_and_nothing_after_them()
    {
        string donor = (await PostAsync("api/keys", _adminKey, new { role = "donor", principal = "donor:echo" })).GetProperty("key").GetString()!;
        string agency = (await PostAsync("api/keys", _adminKey, new { role = "agency", principal = "agency:wfp" })).GetProperty("key").GetString()!;
        string watchdog = (await PostAsync("api/keys", _adminKey, new { role = "watchdog", principal = "watchdog:ti" })).GetProperty("key").GetString()!;
        string verifiedOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The README's tour, request for request.
        await PostAsync("api/budgets", donor, new { id = "syria-2026", donor = "ECHO", purpose = "72010", country = "SY", currency = "EUR", pledged = "1000000.00", snapBackClasses = new[] { "diversion" } });
        await PostAsync("api/budgets/syria-2026/funds", donor, new { amount = "500000.00", reference = "TRF-001" });
        await PostAsync("api/budgets/syria-2026/tranches", donor, new { tranche = "t1", amount = "200000.00", humanitarian = true, benchmarks = new[] { "b1" } });
        await PostAsync("api/budgets/syria-2026/tranches/t1/benchmarks/b1/verifications", watchdog, new { evidenceSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", verifiedOn });
        await PostAsync("api/budgets/syria-2026/tranches/t1/release", donor, new { amount = "200000.00" });
        await PostAsync("api/programs", agency, new { id = "cash-aleppo", currency = "EUR", capPerPeriod = "150.00", period = "month" });
        await PostAsync("api/budgets/syria-2026/programs", donor, new { program = "cash-aleppo" });
        await PostAsync("api/programs/cash-aleppo/beneficiaries", agency, new { reference = "HH-0001" });
        await PostAsync("api/programs/cash-aleppo/disbursements", agency, new { id = "dsb-0001", budget = "syria-2026", beneficiary = "HH-0001", amount = "100.00" });

        // A second program of the same agency pays the same household this month: one pseudonym, two programs, one period.
        await PostAsync("api/programs", agency, new { id = "cash-idlib", currency = "EUR", capPerPeriod = "150.00", period = "month" });
        await PostAsync("api/budgets/syria-2026/programs", donor, new { program = "cash-idlib" });
        await PostAsync("api/programs/cash-idlib/beneficiaries", agency, new { reference = "HH-0001" });
        JsonElement last = await PostAsync("api/programs/cash-idlib/disbursements", agency, new { id = "dsb-0002", budget = "syria-2026", beneficiary = "HH-0001", amount = "100.00" });
        ulong size = last.GetProperty("leafIndex").GetUInt64() + 1;
        await WaitForCheckpointAsync(size);

        string vkey = _temp.File("log.vkey");
        await File.WriteAllTextAsync(vkey, await Http.GetStringAsync("log/key", TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        string state = _temp.File("monitor.state");
        string[] monitor = ["monitor", "--log", Server.BaseAddress.AbsoluteUri + "log", "--vkey", vkey, "--state", state, "--watchdog", "ti"];

        // The auditor's monitor first, before the watchdog exists; then the watchdog as the README registers it.
        CliResult offline = await OversightProcess.RunAsync(monitor);
        await PostAsync("api/watchdogs", watchdog, new { id = "ti", name = "Transparency Watch", budgets = new[] { "syria-2026" } });
        await PostAsync("api/watchdogs/ti/scan", watchdog, null);
        JsonElement grain = await GetJsonAsync("api/watchdogs/ti/findings");
        // Registering and scanning append nothing but the FindingRaised entries: wait until the checkpoint covers them.
        await WaitForCheckpointAsync(size + (ulong)grain.GetArrayLength());
        CliResult after = await OversightProcess.RunAsync(monitor);

        Assert.True(offline.ExitCode == 0, offline.ToString());
        (string Id, string Class, string Leaves)[] printed = [.. offline.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(f => (f.GetProperty("id").GetString()!, f.GetProperty("class").GetString()!, string.Join(',', f.GetProperty("leaves").EnumerateArray().Select(l => l.GetInt64()))))
            .Order()];
        (string Id, string Class, string Leaves)[] raised = [.. grain.EnumerateArray()
            .Select(f => (f.GetProperty("finding").GetString()!, f.GetProperty("class").GetString()!, string.Join(',', f.GetProperty("leaves").EnumerateArray().Select(l => l.GetInt64()))))
            .Order()];
        Assert.Contains(raised, f => f.Class == "duplicate-beneficiary");
        Assert.Equal(raised, printed);

        // Once the grain has raised them in the log, the monitor (same watchdog id) has nothing new to print.
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(after.Stdout.Trim());
    }

    private async Task WaitForCheckpointAsync(ulong size)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await CheckpointSizeAsync() < size)
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    private async Task<ulong> CheckpointSizeAsync()
    {
        string checkpoint = await Http.GetStringAsync("log/checkpoint", TestContext.Current.CancellationToken);
        return ulong.Parse(checkpoint.Split('\n')[1], CultureInfo.InvariantCulture);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> PostAsync(string path, string key, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
