using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OversightLedger.Load;

/// <summary>
/// <c>restart-at-size --entries N [--list-rows R]</c> (issue 17): fills a log the harness started to at least N entries
/// with payment lists of R rows (unique ids, beneficiaries round-robin, programs in turn), then kills the server with
/// SIGKILL and starts it again on the same data, and measures the time from the new process's start to
/// <c>/health/ready</c>, from ready to the first accepted disbursement (the program and budget grains rebuild their state
/// on that call), and the server's resident memory after it (VmRSS and VmHWM). A figure of what a ledger costs after a
/// restart as its history grows; it runs only on a server it starts.
/// </summary>
internal static class RestartAtSizeScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadSettings settings, long entries, int listRows, int restarts, CancellationToken cancellationToken)
    {
        ServerUnderTest server = await ServerUnderTest.StartAsync(settings.KeepData, cancellationToken).ConfigureAwait(false);
        try
        {
            LoadLedger ledger = await LedgerSetup.CreateAsync(server.Address, server.AdminKey, settings.Programs, settings.Beneficiaries, cancellationToken).ConfigureAwait(false);
            (long size, TimeSpan filling) = await FillAsync(server.Address, ledger, entries, listRows, cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"restart-at-size: log at {size:N0} entries after {filling.TotalSeconds:0} s of payment lists; killing the server (SIGKILL)")).ConfigureAwait(false);

            var readies = new List<TimeSpan>();
            var firsts = new List<TimeSpan>();
            var seconds = new List<TimeSpan>();
            (double rss, double highWater) = (double.NaN, double.NaN);
            for (int restart = 0; restart < restarts; restart++)
            {
                await server.KillAsync().ConfigureAwait(false);
                long launched = Stopwatch.GetTimestamp();
                await server.RestartAsync(cancellationToken).ConfigureAwait(false);
                readies.Add(Stopwatch.GetElapsedTime(launched));

                long asked = Stopwatch.GetTimestamp();
                await DisburseAsync(server.Address, ledger, ledger.Programs[0], $"r-{ledger.RunId}-{restart}-first", cancellationToken).ConfigureAwait(false);
                firsts.Add(Stopwatch.GetElapsedTime(asked));
                asked = Stopwatch.GetTimestamp();
                await DisburseAsync(server.Address, ledger, ledger.Programs[0], $"r-{ledger.RunId}-{restart}-second", cancellationToken).ConfigureAwait(false);
                seconds.Add(Stopwatch.GetElapsedTime(asked));
                (rss, highWater) = ReadMemory(server.ProcessId);
                await Console.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"restart-at-size: restart {restart + 1}: ready {readies[^1].TotalSeconds:0.00} s after start, first disbursement {firsts[^1].TotalMilliseconds:N0} ms after ready, the next {seconds[^1].TotalMilliseconds:N1} ms")).ConfigureAwait(false);
            }

            return new ScenarioResult(
                "restart-at-size",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{size:N0} entries ({settings.Programs} program(s), {settings.Beneficiaries:N0} beneficiaries each), {restarts} restart(s): ready {Span(readies, t => t.TotalSeconds, "0.00")} s after start, "
                    + $"first disbursement {Span(firsts, t => t.TotalMilliseconds, "N0")} ms after ready, the next {Span(seconds, t => t.TotalMilliseconds, "N1")} ms (filled at {size / filling.TotalSeconds:N0} entries/s)"),
                double.NaN,
                double.NaN,
                "0",
                HttpSingleScenario.Memory(rss, highWater) + " after the last restart's first disbursement",
                "—");
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One figure, or the fastest–slowest of several (median in brackets).</summary>
    private static string Span(List<TimeSpan> times, Func<TimeSpan, double> unit, string format)
    {
        double[] sorted = [.. times.Select(unit).Order()];
        return sorted.Length == 1
            ? sorted[0].ToString(format, CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{sorted[0].ToString(format, CultureInfo.InvariantCulture)}–{sorted[^1].ToString(format, CultureInfo.InvariantCulture)} (median {sorted[sorted.Length / 2].ToString(format, CultureInfo.InvariantCulture)})");
    }

    private static async Task<(long Size, TimeSpan Elapsed)> FillAsync(Uri server, LoadLedger ledger, long entries, int listRows, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ledger.AgencyKey);
        var clock = Stopwatch.StartNew();
        long size = await CheckpointSizeAsync(http, cancellationToken).ConfigureAwait(false);
        for (int list = 0; size < entries; list++)
        {
            int rows = (int)Math.Min(listRows, entries - size);
            var csv = new StringBuilder(rows * 64);
            csv.Append("id,budget,beneficiary,amount\n");
            for (int i = 0; i < rows; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"f-{ledger.RunId}-{list}-{i},{ledger.Budget},{ledger.Beneficiaries[((list * rows) + i) % ledger.Beneficiaries.Length]},{ledger.Amount}\n");
            }

            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
            string program = ledger.Programs[list % ledger.Programs.Length];
            using HttpResponseMessage response = await http.PostAsync($"api/programs/{program}/payment-lists", content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"A payment list was refused: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
            }

            size = await CheckpointSizeAsync(http, cancellationToken).ConfigureAwait(false);
            if (list % 10 == 9)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"restart-at-size: {size:N0} of {entries:N0} entries ({clock.Elapsed.TotalSeconds:0} s)")).ConfigureAwait(false);
            }
        }

        return (size, clock.Elapsed);
    }

    private static async Task<long> CheckpointSizeAsync(HttpClient http, CancellationToken cancellationToken)
    {
        string checkpoint = await http.GetStringAsync("log/checkpoint", cancellationToken).ConfigureAwait(false);
        return long.Parse(checkpoint.Split('\n')[1], CultureInfo.InvariantCulture);
    }

    private static async Task DisburseAsync(Uri server, LoadLedger ledger, string program, string id, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/programs/{program}/disbursements")
        {
            Content = new StringContent(
                $"{{\"id\":\"{id}\",\"budget\":\"{ledger.Budget}\",\"beneficiary\":\"{ledger.Beneficiaries[0]}\",\"amount\":\"{ledger.Amount}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ledger.AgencyKey);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The disbursement after the restart was refused: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>VmRSS and VmHWM of the process now, in MiB (NaN when it cannot be read).</summary>
    private static (double RssMiB, double HighWaterMiB) ReadMemory(int? processId)
    {
        if (processId is not { } pid || !File.Exists($"/proc/{pid}/status"))
        {
            return (double.NaN, double.NaN);
        }

        double rss = double.NaN, hwm = double.NaN;
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line) / 1024.0;
            }
        }

        return (rss, hwm);
    }

    private static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
