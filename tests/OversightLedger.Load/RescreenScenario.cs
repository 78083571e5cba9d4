using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OversightLedger.Load;

/// <summary>
/// <c>rescreen --counterparties N [--changed K]</c> (issue 16): starts the server on the full OFAC SDN list less K
/// entries, registers N counterparties (synthetic names from <c>shared/sanctions/name-matching</c>, plus the K left-out
/// entries' names), then puts the full list in force with the <c>sanctions-refresh</c> job and measures the time from the
/// trigger to the re-screening's log event ("Re-screened … of … counterparties"), how many were screened again, how many
/// the change could not affect, and the new hits (K expected). The registrations, each a full screening and a log
/// entry, give the cost of screening everyone in full for comparison.
/// </summary>
internal static partial class RescreenScenario
{
    private const string RescreenedTemplate =
        "Re-screened {Rescreened} of {Counterparties} counterparties against the sanctions lists in force ({Unaffected} unaffected by the change): {Hits} hit(s), {NewHits} new; {Failed} failed";

    public static async Task<ScenarioResult> RunAsync(LoadSettings settings, string sdnCsv, int counterparties, int changed, CancellationToken cancellationToken)
    {
        string[] lines = await File.ReadAllLinesAsync(sdnCsv, cancellationToken).ConfigureAwait(false);
        int step = Math.Max(1, lines.Length / Math.Max(1, changed));
        HashSet<int> dropped = [.. Enumerable.Range(0, changed).Select(i => (i * step) + (step / 2)).Where(i => i < lines.Length)];
        string[] droppedNames = [.. dropped.Order().Select(i => SdnName().Match(lines[i])).Where(m => m.Success).Select(m => m.Groups[1].Value)];
        string listDirectory = Directory.CreateTempSubdirectory("oversight-load-sdn-").FullName;
        string listFile = Path.Combine(listDirectory, "sdn.csv");
        await File.WriteAllLinesAsync(listFile, lines.Where((_, i) => !dropped.Contains(i)), cancellationToken).ConfigureAwait(false);

        ServerUnderTest server = await ServerUnderTest.StartAsync(
            settings.KeepData,
            ["--Sanctions:Lists:0:Path", listFile, "--Sanctions:Lists:0:Format", "ofac-csv", "--Sanctions:RefreshCron", "never", "--Jobs:WatchdogScanCron", "never"],
            cancellationToken).ConfigureAwait(false);
        try
        {
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(5) };
            string agency = await CreateKeyAsync(http, server.AdminKey, "agency", "load-agency-rescreen", cancellationToken).ConfigureAwait(false);
            string[] names = [.. SyntheticNames(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(sdnCsv)!)!, "name-matching", "yente-negatives_us_small.csv"))
                .Take(Math.Max(0, counterparties - droppedNames.Length)).Concat(droppedNames)];

            var clock = Stopwatch.StartNew();
            int registered = 0, hitsAtRegistration = 0;
            await Parallel.ForEachAsync(
                names,
                new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
                async (name, token) =>
                {
                    JsonElement created = await PostAsync(http, agency, "api/counterparties", new { kind = "vendor", name }, HttpStatusCode.Created, token).ConfigureAwait(false);
                    if (created.GetProperty("counterparty").GetProperty("status").GetString() == "hit")
                    {
                        Interlocked.Increment(ref hitsAtRegistration);
                    }

                    if (Interlocked.Increment(ref registered) % 10_000 == 0)
                    {
                        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rescreen: {registered:N0} counterparties registered")).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
            TimeSpan registering = clock.Elapsed;
            await Console.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"rescreen: {names.Length:N0} counterparties registered (each screened in full and logged) in {registering.TotalSeconds:0.0} s, {hitsAtRegistration} hit(s); putting the full list in force")).ConfigureAwait(false);

            await File.WriteAllLinesAsync(listFile, lines, cancellationToken).ConfigureAwait(false);
            await using MemorySampler? memory = MemorySampler.Start(server.ProcessId);
            long triggered = Stopwatch.GetTimestamp();
            await PostAsync(http, server.AdminKey, "api/jobs/sanctions-refresh/trigger", new { }, HttpStatusCode.Accepted, cancellationToken).ConfigureAwait(false);
            JsonElement run = await WaitForRescreeningAsync(Path.Combine(server.DataDirectory!, "data", "logs"), names.Length, cancellationToken).ConfigureAwait(false);
            TimeSpan rescreening = Stopwatch.GetElapsedTime(triggered);
            (double peak, double highWater) = memory is null ? (double.NaN, double.NaN) : await memory.StopAsync().ConfigureAwait(false);

            int Property(string name) => run.GetProperty(name).GetInt32();
            return new ScenarioResult(
                "rescreen",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{names.Length:N0} counterparties, {droppedNames.Length} entries added to the list: re-screening done {rescreening.TotalSeconds:0.0} s after the refresh's trigger "
                    + $"({Property("Rescreened"):N0} screened again, {Property("Unaffected"):N0} unaffected by the change, {Property("NewHits")} new hit(s)); "
                    + $"registering them, each screened in full and logged, took {registering.TotalSeconds:0.0} s ({names.Length / registering.TotalSeconds:N0}/s)"),
                double.NaN,
                double.NaN,
                Property("Failed").ToString(CultureInfo.InvariantCulture),
                HttpSingleScenario.Memory(peak, highWater),
                "—");
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(listDirectory, recursive: true);
        }
    }

    /// <summary>Distinct "given family" names from the synthetic negatives' given and family names, every pair in turn.</summary>
    private static IEnumerable<string> SyntheticNames(string negativesCsv)
    {
        var given = new List<string>();
        var family = new List<string>();
        foreach (string line in File.ReadLines(negativesCsv).Skip(1))
        {
            string[] fields = line.Split(',');
            if (fields.Length > 3 && fields[1].Length > 0 && fields[3].Length > 0)
            {
                given.Add(fields[1]);
                family.Add(fields[3]);
            }
        }

        string[] givenNames = [.. given.Distinct(StringComparer.Ordinal)];
        string[] familyNames = [.. family.Distinct(StringComparer.Ordinal)];
        foreach (string f in familyNames)
        {
            foreach (string g in givenNames)
            {
                yield return g + " " + f;
            }
        }
    }

    private static async Task<JsonElement> WaitForRescreeningAsync(string logs, int counterparties, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            foreach (string file in Directory.Exists(logs) ? Directory.GetFiles(logs, "server-*.clef") : [])
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    if (line.Contains("Re-screened", StringComparison.Ordinal))
                    {
                        JsonElement logged = JsonDocument.Parse(line).RootElement;
                        if (logged.TryGetProperty("@mt", out JsonElement template) && template.GetString() == RescreenedTemplate
                            && logged.GetProperty("Counterparties").GetInt32() == counterparties)
                        {
                            return logged.Clone();
                        }
                    }
                }
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("The server logged no re-screening of every counterparty within 30 minutes.");
    }

    private static async Task<string> CreateKeyAsync(HttpClient http, string adminKey, string role, string principal, CancellationToken cancellationToken) =>
        (await PostAsync(http, adminKey, "api/keys", new { role, principal }, HttpStatusCode.Created, cancellationToken).ConfigureAwait(false)).GetProperty("key").GetString()!;

    private static async Task<JsonElement> PostAsync(HttpClient http, string key, string path, object body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex("""^\d+,"([^"]+)",""")]
    private static partial Regex SdnName();
}
