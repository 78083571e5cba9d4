using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OversightLedger.Load;

/// <summary>
/// <c>http-wrk</c>: the <c>http-single</c> load sent by an external load generator, <c>wrk</c> (Debian package
/// <c>wrk</c>), so that the figure does not depend on the harness's own HTTP client: C connections over T threads post
/// single disbursements with unique ids (a Lua script generated per run: <c>w-RUN-PHASE-THREAD-SEQUENCE</c>) for a warm-up
/// run and then a measured run. Throughput counts the 2xx answers wrk completed in the measured run; latency is wrk's
/// (its histogram covers every answer); the CPU figures are the server's (<c>/proc/PID/stat</c>) and wrk's own (this
/// process's waited-for children's time, <c>/proc/self/stat</c> cutime + cstime), per request.
/// </summary>
internal static partial class HttpWrkScenario
{
    public static async Task<ScenarioResult> RunAsync(
        Uri server, LoadLedger ledger, int? serverProcessId, int connections, int threads, TimeSpan duration, TimeSpan warmup, CancellationToken cancellationToken)
    {
        string wrk = FindWrk() ?? throw new InvalidOperationException("http-wrk needs wrk on PATH (Debian: apt-get install wrk).");
        string directory = Directory.CreateTempSubdirectory("oversight-wrk-").FullName;
        try
        {
            if (warmup > TimeSpan.Zero)
            {
                await Console.Error.WriteLineAsync($"http-wrk: {warmup.TotalSeconds:0} s warm-up, {connections} connections, {threads} threads").ConfigureAwait(false);
                await RunWrkAsync(wrk, WriteScript(directory, ledger, "warm"), server, ledger, connections, threads, warmup, cancellationToken).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"http-wrk: {duration.TotalSeconds:0} s measured").ConfigureAwait(false);
            MemorySampler? sampler = MemorySampler.Start(serverProcessId);
            CpuMeter cpu = CpuMeter.Start(serverProcessId);
            TimeSpan childrenBefore = WaitedForChildrenCpu();
            WrkResult result = await RunWrkAsync(wrk, WriteScript(directory, ledger, "run"), server, ledger, connections, threads, duration, cancellationToken).ConfigureAwait(false);
            TimeSpan wrkCpu = WaitedForChildrenCpu() - childrenBefore;
            string serverCpu = cpu.Stop(result.Requests, "request");
            (double peakRss, double highWater) = sampler is null ? (double.NaN, double.NaN) : await sampler.StopAsync().ConfigureAwait(false);
            if (sampler is not null)
            {
                await sampler.DisposeAsync().ConfigureAwait(false);
            }

            long accepted = result.Requests - result.StatusErrors;
            double seconds = result.DurationMicroseconds / 1e6;
            string errors = string.Join(", ", new (string Kind, long Count)[]
                {
                    ("non-2xx", result.StatusErrors), ("connect", result.ConnectErrors), ("read", result.ReadErrors),
                    ("write", result.WriteErrors), ("timeout", result.TimeoutErrors),
                }
                .Where(e => e.Count > 0).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Count:N0} × {e.Kind}")));
            string wrkPart = string.Create(CultureInfo.InvariantCulture, $"wrk {wrkCpu.TotalMicroseconds / Math.Max(1, result.Requests):0} µs per request");
            return new ScenarioResult(
                "http-wrk",
                string.Create(CultureInfo.InvariantCulture, $"{accepted / seconds:N0} disbursements/s ({accepted:N0} recorded in {seconds:0.0} s, wrk -t{threads} -c{connections}, {ledger.Programs.Length} program(s), {ledger.Beneficiaries.Length:N0} beneficiaries)"),
                result.P50Microseconds / 1000.0,
                result.P99Microseconds / 1000.0,
                errors.Length == 0 ? "0" : errors,
                HttpSingleScenario.Memory(peakRss, highWater),
                serverCpu.Replace("harness", wrkPart + "; harness", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The Lua script wrk runs: unique ids per phase, thread and request; beneficiaries and programs in turn.</summary>
    internal static string WriteScript(string directory, LoadLedger ledger, string phase)
    {
        var script = new StringBuilder();
        script.Append("-- written by OversightLedger.Load http-wrk\n");
        script.Append("local prefix = ").Append(Lua($"w-{ledger.RunId}-{phase}")).Append('\n');
        script.Append("local budget = ").Append(Lua(ledger.Budget)).Append('\n');
        script.Append("local amount = ").Append(Lua(ledger.Amount)).Append('\n');
        script.Append("local authorization = ").Append(Lua("Bearer " + ledger.AgencyKey)).Append('\n');
        script.Append("local paths = {").AppendJoin(", ", ledger.Programs.Select(p => Lua($"/api/programs/{p}/disbursements"))).Append("}\n");
        script.Append("local beneficiaries = {").AppendJoin(", ", ledger.Beneficiaries.Select(Lua)).Append("}\n");
        script.Append(
            """
            local thread_count = 0

            function setup(thread)
              thread:set("thread_number", thread_count)
              thread_count = thread_count + 1
            end

            function init(args)
              sequence = 0
              headers = { ["Content-Type"] = "application/json", ["Authorization"] = authorization }
            end

            function request()
              sequence = sequence + 1
              local n = sequence * 64 + thread_number
              local body = '{"id":"' .. prefix .. '-' .. thread_number .. '-' .. sequence .. '","budget":"' .. budget
                .. '","beneficiary":"' .. beneficiaries[n % #beneficiaries + 1] .. '","amount":"' .. amount .. '"}'
              return wrk.format("POST", paths[n % #paths + 1], headers, body)
            end

            function done(summary, latency, requests)
              io.write(string.format("WRK-RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
                summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status,
                summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
            end

            """);
        string path = Path.Combine(directory, $"disburse-{phase}.lua");
        File.WriteAllText(path, script.ToString());
        return path;
    }

    /// <summary>Reads the line the script's <c>done</c> prints.</summary>
    internal static WrkResult ParseResult(string output)
    {
        Match match = ResultLine().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException($"wrk printed no result line:\n{output}");
        }

        long Field(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        return new WrkResult(
            Field("requests"), Field("duration"), Field("p50"), Field("p99"), Field("status"), Field("connect"), Field("read"), Field("write"), Field("timeout"));
    }

    private static async Task<WrkResult> RunWrkAsync(
        string wrk, string script, Uri server, LoadLedger ledger, int connections, int threads, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(wrk)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)duration.TotalSeconds)}s"), "--timeout", "30s", "-s", script,
                     new Uri(server, $"api/programs/{ledger.Programs[0]}/disbursements").ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        string printed = await output.ConfigureAwait(false);
        string complaints = await error.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}:\n{printed}\n{complaints}");
        }

        await Console.Error.WriteLineAsync(printed.TrimEnd()).ConfigureAwait(false);
        return ParseResult(printed);
    }

    /// <summary>The user + system time of this process's children that have exited and been waited for (<c>/proc/self/stat</c> fields 16 and 17).</summary>
    private static TimeSpan WaitedForChildrenCpu()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "wrk")).FirstOrDefault(File.Exists);

    /// <summary>A Lua string literal (the values are ids, keys and amounts: ASCII without quotes, but escaped all the same).</summary>
    private static string Lua(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"WRK-RESULT requests=(?<requests>\d+) duration_us=(?<duration>\d+) p50_us=(?<p50>\d+) p99_us=(?<p99>\d+) status=(?<status>\d+) connect=(?<connect>\d+) read=(?<read>\d+) write=(?<write>\d+) timeout=(?<timeout>\d+)")]
    private static partial Regex ResultLine();

    /// <summary>What the script's <c>done</c> printed.</summary>
    internal sealed record WrkResult(
        long Requests, long DurationMicroseconds, long P50Microseconds, long P99Microseconds, long StatusErrors, long ConnectErrors, long ReadErrors, long WriteErrors, long TimeoutErrors);
}
