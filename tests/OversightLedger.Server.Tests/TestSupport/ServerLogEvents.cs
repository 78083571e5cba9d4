using System.Diagnostics;
using System.Text.Json;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// The Serilog events a server process wrote to its compact-JSON files (<c>DATA/logs/server-*.clef</c>, one JSON object
/// a line: <c>@t</c>, <c>@mt</c>, <c>@l</c> when not Information, then the properties), read while it still writes them.
/// </summary>
public static class ServerLogEvents
{
    /// <summary>Every event in the files under <paramref name="dataDirectory"/>, oldest file first.</summary>
    public static IReadOnlyList<JsonElement> Read(string dataDirectory)
    {
        string logs = Path.Combine(dataDirectory, "logs");
        if (!Directory.Exists(logs))
        {
            return [];
        }

        List<JsonElement> events = [];
        foreach (string file in Directory.GetFiles(logs, "server-*.clef").Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line[^1] != '}')
                {
                    continue; // a line being written
                }

                using var document = JsonDocument.Parse(line);
                events.Add(document.RootElement.Clone());
            }
        }

        return events;
    }

    /// <summary>Polls the files until an event with message template <paramref name="template"/> matching <paramref name="match"/> is there.</summary>
    public static async Task<JsonElement> WaitForAsync(string dataDirectory, string template, Func<JsonElement, bool> match, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<JsonElement> events = Read(dataDirectory);
            foreach (JsonElement logged in events)
            {
                if (logged.TryGetProperty("@mt", out JsonElement mt) && mt.GetString() == template && match(logged))
                {
                    return logged;
                }
            }

            Assert.True(
                clock.Elapsed < TimeSpan.FromSeconds(20),
                $"No event '{template}' in {Path.Combine(dataDirectory, "logs")} after 20 s; the last ones:\n{string.Join('\n', events.TakeLast(10).Select(e => e.GetRawText()))}");
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>A string property of an event, or null.</summary>
    public static string? Property(this JsonElement logged, string name) =>
        logged.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
