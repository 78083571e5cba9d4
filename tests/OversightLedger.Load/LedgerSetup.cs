using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OversightLedger.Load;

/// <summary>Sets up a <see cref="LoadLedger"/> through the server's HTTP API with the admin key (keys, budget, programs, enrolments).</summary>
internal static class LedgerSetup
{
    /// <summary>Released on the budget: 10^12 USD, so no run exhausts it.</summary>
    private const string ReleasedFunds = "1000000000000.00";

    /// <summary>A beneficiary's cap per month, a million disbursements of <see cref="Amount"/>: caps never bind.</summary>
    private const string CapPerMonth = "1000000.00";

    private const string Amount = "1.00";

    private const int EnrolmentParallelism = 8;

    public static async Task<LoadLedger> CreateAsync(Uri server, string adminKey, int programs, int beneficiaries, CancellationToken cancellationToken)
    {
        string run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(120) };
        string donor = await CreateKeyAsync(http, adminKey, "donor", $"load-donor-{run}", cancellationToken).ConfigureAwait(false);
        string watchdog = await CreateKeyAsync(http, adminKey, "watchdog", $"load-watchdog-{run}", cancellationToken).ConfigureAwait(false);
        string agency = await CreateKeyAsync(http, adminKey, "agency", $"load-agency-{run}", cancellationToken).ConfigureAwait(false);

        string budget = $"load-budget-{run}";
        await PostAsync(http, donor, "api/budgets", new { id = budget, donor = "Load Donor", purpose = "72010", country = "SO", currency = "USD", pledged = ReleasedFunds }, cancellationToken).ConfigureAwait(false);
        await PostAsync(http, donor, $"api/budgets/{budget}/funds", new { amount = ReleasedFunds, reference = "load-wire" }, cancellationToken).ConfigureAwait(false);
        await PostAsync(http, donor, $"api/budgets/{budget}/tranches", new { tranche = "t1", amount = ReleasedFunds, humanitarian = false, benchmarks = new[] { "b1" } }, cancellationToken).ConfigureAwait(false);
        await PostAsync(
            http,
            watchdog,
            $"api/budgets/{budget}/tranches/t1/benchmarks/b1/verifications",
            new { evidenceSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run))), verifiedOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken).ConfigureAwait(false);
        await PostAsync(http, donor, $"api/budgets/{budget}/tranches/t1/release", new { amount = ReleasedFunds }, cancellationToken).ConfigureAwait(false);

        string[] programIds = [.. Enumerable.Range(1, programs).Select(i => $"load-program-{run}-{i}")];
        string[] references = [.. Enumerable.Range(1, beneficiaries).Select(i => $"load-household-{i:D6}")];
        var clock = Stopwatch.StartNew();
        string[] pseudonyms = new string[references.Length];
        foreach (string program in programIds)
        {
            await PostAsync(http, agency, "api/programs", new { id = program, currency = "USD", capPerPeriod = CapPerMonth, period = "month" }, cancellationToken).ConfigureAwait(false);
            await PostAsync(http, donor, $"api/budgets/{budget}/programs", new { program }, cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(
                Enumerable.Range(0, references.Length),
                new ParallelOptions { MaxDegreeOfParallelism = EnrolmentParallelism, CancellationToken = cancellationToken },
                async (i, token) => pseudonyms[i] = (await PostAsync(http, agency, $"api/programs/{program}/beneficiaries", new { reference = references[i] }, token).ConfigureAwait(false))
                    .GetProperty("pseudonym").GetString()!)
                .ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync(
            $"set up: budget {budget} ({ReleasedFunds} USD released), {programs} program(s) capped at {CapPerMonth} USD per beneficiary and month, "
            + $"{beneficiaries} beneficiaries enrolled in each ({clock.Elapsed.TotalSeconds:0.0} s); every disbursement is {Amount} USD").ConfigureAwait(false);
        return new LoadLedger(run, agency, budget, programIds, references, Amount) { AgencyPrincipal = $"load-agency-{run}", Pseudonyms = pseudonyms };
    }

    private static async Task<string> CreateKeyAsync(HttpClient http, string adminKey, string role, string principal, CancellationToken cancellationToken)
    {
        JsonElement created = await PostAsync(http, adminKey, "api/keys", new { role, principal }, cancellationToken).ConfigureAwait(false);
        return created.GetProperty("key").GetString()!;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string key, string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Set-up failed: POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
