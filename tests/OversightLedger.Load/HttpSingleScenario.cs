using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OversightLedger.Load;

/// <summary>
/// <c>http-single</c>: C clients, each posting single disbursements (unique ids) one after another for a fixed time after a
/// warm-up. Throughput counts the 201s that completed inside the measured window; latency is per accepted request (send to
/// answer read), from a histogram; errors are the other answers and failures completed in the window. Given several
/// servers (silos of one azure-profile cluster), client c sends to server c mod their count.
/// </summary>
internal static class HttpSingleScenario
{
    public static async Task<ScenarioResult> RunAsync(
        IReadOnlyList<Uri> servers, LoadLedger ledger, int? serverProcessId, int clients, TimeSpan duration, TimeSpan warmup, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        HttpClient[] https = [.. servers.Select(server => new HttpClient(handler, disposeHandler: false) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) })];
        foreach (HttpClient client in https)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ledger.AgencyKey);
        }

        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        long measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Console.Error.WriteLineAsync($"http-single: {clients} clients over {servers.Count} server(s), {warmup.TotalSeconds:0} s warm-up, {duration.TotalSeconds:0} s measured").ConfigureAwait(false);

        ClientTally[] tallies = [.. Enumerable.Range(0, clients).Select(_ => new ClientTally())];
        var clientTasks = new Task[clients];
        for (int c = 0; c < clients; c++)
        {
            int client = c;
            clientTasks[c] = Task.Run(() => RunClientAsync(https[client % https.Length], ledger, client, clients, tallies[client], measureFrom, measureTo, cancellationToken), cancellationToken);
        }

        // Memory is sampled over the measured window only.
        TimeSpan untilMeasured = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureFrom);
        if (untilMeasured > TimeSpan.Zero)
        {
            await Task.Delay(untilMeasured, cancellationToken).ConfigureAwait(false);
        }

        MemorySampler? sampler = MemorySampler.Start(serverProcessId);
        CpuMeter cpu = CpuMeter.Start(serverProcessId);
        await Task.WhenAll(clientTasks).ConfigureAwait(false);
        string cpuPerRequest = cpu.Stop(tallies.Sum(t => t.Accepted + t.Errors.Values.Sum()), "request");
        foreach (HttpClient client in https)
        {
            client.Dispose();
        }

        (double peakRss, double highWater) = sampler is null ? (double.NaN, double.NaN) : await sampler.StopAsync().ConfigureAwait(false);
        if (sampler is not null)
        {
            await sampler.DisposeAsync().ConfigureAwait(false);
        }

        var latency = new LatencyHistogram();
        long accepted = 0;
        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (ClientTally tally in tallies)
        {
            latency.Add(tally.Latency);
            accepted += tally.Accepted;
            foreach ((string kind, long count) in tally.Errors)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }
        }

        string? firstError = tallies.Select(t => t.FirstError).FirstOrDefault(e => e is not null);
        if (firstError is not null)
        {
            await Console.Error.WriteLineAsync($"http-single: first error: {firstError}").ConfigureAwait(false);
        }

        double seconds = duration.TotalSeconds;
        return new ScenarioResult(
            "http-single",
            string.Create(CultureInfo.InvariantCulture, $"{accepted / seconds:N0} disbursements/s ({accepted:N0} recorded in {seconds:0} s, {clients} clients{(servers.Count > 1 ? $" over {servers.Count} silos" : "")}, {ledger.Programs.Length} program(s), {ledger.Beneficiaries.Length:N0} beneficiaries)"),
            latency.PercentileMilliseconds(50),
            latency.PercentileMilliseconds(99),
            errors.Count == 0 ? "0" : string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Value:N0} × {e.Key}"))),
            Memory(peakRss, highWater),
            cpuPerRequest);
    }

    public static string Memory(double peakRss, double highWater) =>
        double.IsNaN(peakRss) ? "n/a (no server pid)" : string.Create(CultureInfo.InvariantCulture, $"{peakRss:N0} MiB / {highWater:N0} MiB");

    private static async Task RunClientAsync(
        HttpClient http, LoadLedger ledger, int client, int clients, ClientTally tally, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        string program = ledger.Programs[client % ledger.Programs.Length];
        string path = $"api/programs/{program}/disbursements";
        for (long sequence = 0; ; sequence++)
        {
            long sent = Stopwatch.GetTimestamp();
            if (sent >= measureTo)
            {
                return;
            }

            string beneficiary = ledger.Beneficiaries[(int)((client + (sequence * clients)) % ledger.Beneficiaries.Length)];
            byte[] body = Encoding.UTF8.GetBytes(
                $"{{\"id\":\"h-{ledger.RunId}-{client}-{sequence}\",\"budget\":\"{ledger.Budget}\",\"beneficiary\":\"{beneficiary}\",\"amount\":\"{ledger.Amount}\"}}");
            string? error = null;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using HttpResponseMessage response = await http.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    error = $"HTTP {(int)response.StatusCode}";
                    tally.FirstError ??= $"{error}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}";
                }
                else
                {
                    await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (HttpRequestException e)
            {
                error = e.GetType().Name;
                tally.FirstError ??= e.Message;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                error = "timeout";
                tally.FirstError ??= e.Message;
            }

            long done = Stopwatch.GetTimestamp();
            if (done < measureFrom || done > measureTo)
            {
                continue;
            }

            if (error is null)
            {
                tally.Accepted++;
                tally.Latency.Record((long)Stopwatch.GetElapsedTime(sent, done).TotalMicroseconds);
            }
            else
            {
                tally.Errors[error] = tally.Errors.GetValueOrDefault(error) + 1;
            }
        }
    }

    /// <summary>One client's counts; only that client writes to it.</summary>
    private sealed class ClientTally
    {
        public LatencyHistogram Latency { get; } = new();

        public long Accepted { get; set; }

        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public string? FirstError { get; set; }
    }
}
