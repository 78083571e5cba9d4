using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;

namespace OversightLedger.Load;

/// <summary>
/// <c>grain-direct</c>: an Orleans client connected to the server's gateway calls
/// <see cref="IBeneficiaryProgramGrain.DisburseManyAsync"/> from C concurrent workers, R rows per call
/// (R = 1 is a single disbursement), unique ids, for a fixed time after a warm-up. No HTTP: what the grains,
/// the domain rules and the durable log do per disbursement.
/// </summary>
internal static class GrainDirectScenario
{
    public static async Task<ScenarioResult> RunAsync(
        LoadLedger ledger, int? serverProcessId, int workers, int rowsPerCall, TimeSpan duration, TimeSpan warmup, CancellationToken cancellationToken)
    {
        if (ledger.GatewayPort is not { } gateway)
        {
            throw new InvalidOperationException("grain-direct needs a server started by the harness (its gateway port), not --server.");
        }

        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gateway));
        using IHost host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        IClusterClient cluster = host.Services.GetRequiredService<IClusterClient>();
        var actor = new Actor(ledger.AgencyPrincipal, IsAdmin: false);

        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        long measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Console.Error.WriteLineAsync($"grain-direct: {workers} workers, {rowsPerCall} row(s) per call, {warmup.TotalSeconds:0} s warm-up, {duration.TotalSeconds:0} s measured").ConfigureAwait(false);

        var latencies = new LatencyHistogram[workers];
        long[] accepted = new long[workers];
        long[] refused = new long[workers];
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            latencies[w] = new LatencyHistogram();
            tasks[w] = Task.Run(
                async () =>
                {
                    IBeneficiaryProgramGrain program = cluster.GetGrain<IBeneficiaryProgramGrain>(ledger.Programs[worker % ledger.Programs.Length]);
                    DecimalAmount amount = DecimalAmount.Parse(ledger.Amount, Currency.Parse("USD"));
                    for (long call = 0; Stopwatch.GetTimestamp() < measureTo; call++)
                    {
                        DisburseCommand[] rows = new DisburseCommand[rowsPerCall];
                        for (int r = 0; r < rowsPerCall; r++)
                        {
                            long n = (call * rowsPerCall) + r;
                            string pseudonym = ledger.Pseudonyms[(int)((n + worker) % ledger.Pseudonyms.Length)];
                            rows[r] = new DisburseCommand(
                                string.Create(CultureInfo.InvariantCulture, $"g-{ledger.RunId}-{worker}-{n}"), ledger.Budget, null, pseudonym, amount, null, null, null);
                        }

                        long sent = Stopwatch.GetTimestamp();
                        LedgerResult[] results = await program.DisburseManyAsync(actor, rows).ConfigureAwait(false);
                        long done = Stopwatch.GetTimestamp();
                        if (done >= measureFrom && done <= measureTo)
                        {
                            latencies[worker].Record((long)Stopwatch.GetElapsedTime(sent, done).TotalMicroseconds);
                            accepted[worker] += results.Count(result => result.Accepted);
                            refused[worker] += results.Count(result => !result.Accepted);
                        }
                    }
                },
                cancellationToken);
        }

        TimeSpan untilMeasured = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureFrom);
        if (untilMeasured > TimeSpan.Zero)
        {
            await Task.Delay(untilMeasured, cancellationToken).ConfigureAwait(false);
        }

        MemorySampler? sampler = MemorySampler.Start(serverProcessId);
        CpuMeter cpu = CpuMeter.Start(serverProcessId);
        await Task.WhenAll(tasks).ConfigureAwait(false);
        long measured = accepted.Sum() + refused.Sum();
        string cpuPerRow = cpu.Stop(measured, "disbursement");
        (double peakRss, double highWater) = sampler is null ? (double.NaN, double.NaN) : await sampler.StopAsync().ConfigureAwait(false);
        if (sampler is not null)
        {
            await sampler.DisposeAsync().ConfigureAwait(false);
        }

        await host.StopAsync(cancellationToken).ConfigureAwait(false);
        var latency = new LatencyHistogram();
        foreach (LatencyHistogram histogram in latencies)
        {
            latency.Add(histogram);
        }

        long total = accepted.Sum();
        double perSecond = total / duration.TotalSeconds;
        return new ScenarioResult(
            "grain-direct",
            string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0} disbursements/s ({total:N0} recorded in {duration.TotalSeconds:0} s, {workers} workers × {rowsPerCall} row(s) per call, Orleans client through the gateway)"),
            latency.PercentileMilliseconds(50),
            latency.PercentileMilliseconds(99),
            refused.Sum().ToString(CultureInfo.InvariantCulture),
            double.IsNaN(peakRss) ? "—" : string.Create(CultureInfo.InvariantCulture, $"{peakRss:0} MiB / {highWater:0} MiB"),
            cpuPerRow);
    }
}
