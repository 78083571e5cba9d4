using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OversightLedger.Load;

/// <summary>
/// <c>payment-list</c>: one CSV payment list of R rows (unique ids, beneficiaries round-robin) posted to one program;
/// the time is from the first byte sent to the last byte of the per-row report read.
/// </summary>
internal static class PaymentListScenario
{
    public static async Task<ScenarioResult> RunAsync(Uri server, LoadLedger ledger, int? serverProcessId, int rows, CancellationToken cancellationToken)
    {
        byte[] csv = Build(ledger, rows);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"payment-list: {rows:N0} rows, {csv.Length / 1048576.0:0.0} MiB of CSV")).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ledger.AgencyKey);
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };

        MemorySampler? sampler = MemorySampler.Start(serverProcessId);
        CpuMeter cpu = CpuMeter.Start(serverProcessId);
        long started = Stopwatch.GetTimestamp();
        using HttpResponseMessage response = await http.PostAsync($"api/programs/{ledger.Programs[0]}/payment-lists", content, cancellationToken).ConfigureAwait(false);
        byte[] report = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        string cpuPerRow = cpu.Stop(rows, "row");
        (double peakRss, double highWater) = sampler is null ? (double.NaN, double.NaN) : await sampler.StopAsync().ConfigureAwait(false);
        if (sampler is not null)
        {
            await sampler.DisposeAsync().ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The payment list was refused: HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(report)}");
        }

        using var json = JsonDocument.Parse(report);
        int accepted = json.RootElement.GetProperty("accepted").GetInt32();
        int rejected = json.RootElement.GetProperty("rejected").GetInt32();
        string errors = rejected == 0
            ? "0"
            : string.Join(", ", json.RootElement.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("status").GetString() != "accepted")
                .GroupBy(r => r.GetProperty("code").GetString() ?? "unknown", StringComparer.Ordinal)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count():N0} × {g.Key}")));
        return new ScenarioResult(
            "payment-list",
            string.Create(CultureInfo.InvariantCulture, $"{rows / elapsed.TotalSeconds:N0} rows/s ({rows:N0} rows in {elapsed.TotalSeconds:0.00} s, one CSV upload; {accepted:N0} accepted)"),
            double.NaN,
            double.NaN,
            errors,
            HttpSingleScenario.Memory(peakRss, highWater),
            cpuPerRow);
    }

    private static byte[] Build(LoadLedger ledger, int rows)
    {
        var csv = new StringBuilder(rows * 64);
        csv.Append("id,budget,beneficiary,amount\n");
        for (int i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"l-{ledger.RunId}-{i},{ledger.Budget},{ledger.Beneficiaries[i % ledger.Beneficiaries.Length]},{ledger.Amount}\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
