using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OversightLedger.Cli.Tests.Agency;

/// <summary>The server's HTTP API as a test sets the ledger up with it (what an operator would do with curl).</summary>
internal sealed class LedgerSetupClient(Uri server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Creates an API key (with the admin key) and returns it.</summary>
    public async Task<string> CreateKeyAsync(string adminKey, string role, string principal)
    {
        JsonElement created = await PostAsync("api/keys", adminKey, new { role, principal });
        return created.GetProperty("key").GetString()!;
    }

    /// <summary>Opens a budget, receives and releases <paramref name="released"/> in one tranche (its benchmark verified by the watchdog).</summary>
    public async Task OpenFundedBudgetAsync(string donorKey, string watchdogKey, string budget, string currency, string released)
    {
        await PostAsync("api/budgets", donorKey, new { id = budget, donor = "Test Donor", purpose = "72010", country = "SO", currency, pledged = released });
        await PostAsync($"api/budgets/{budget}/funds", donorKey, new { amount = released, reference = "wire-1" });
        await PostAsync($"api/budgets/{budget}/tranches", donorKey, new { tranche = "t1", amount = released, humanitarian = false, benchmarks = new[] { "b1" } });
        string evidence = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"evidence for {budget}")));
        await PostAsync($"api/budgets/{budget}/tranches/t1/benchmarks/b1/verifications", watchdogKey, new { evidenceSha256 = evidence, verifiedOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        await PostAsync($"api/budgets/{budget}/tranches/t1/release", donorKey, new { amount = released });
    }

    /// <summary>Opens a program with a monthly cap, lists it on the budget and enrols the beneficiaries.</summary>
    public async Task OpenProgramAsync(string agencyKey, string donorKey, string program, string budget, string currency, string capPerMonth, IEnumerable<string> beneficiaries)
    {
        await PostAsync("api/programs", agencyKey, new { id = program, currency, capPerPeriod = capPerMonth, period = "month" });
        await PostAsync($"api/budgets/{budget}/programs", donorKey, new { program });
        foreach (string reference in beneficiaries)
        {
            await PostAsync($"api/programs/{program}/beneficiaries", agencyKey, new { reference });
        }
    }

    /// <summary>GET a public JSON document.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path, TestContext.Current.CancellationToken);
        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>GET a public text document (such as the verifier key).</summary>
    public Task<string> GetTextAsync(string path) => _http.GetStringAsync(path, TestContext.Current.CancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> PostAsync(string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
