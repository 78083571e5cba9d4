using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Output;
using OversightLedger.Sanctions;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight screen NAME</c>: an ad-hoc check of a name against sanctions lists, offline from list files
/// (<c>--list</c>: OFAC's <c>sdn.csv</c> or a directory holding it, or an OFAC XML file) or against the lists in force on
/// a ledger server (<c>--server --key</c>, POST /api/sanctions/screen; nothing is logged). Prints the best matches with
/// their scores and why. Exit 0 screened (hit or not: the output says), 2 bad usage, an unreadable or malformed list,
/// an unreachable server, a rejected key or another HTTP failure.
/// </summary>
internal static class ScreenCommand
{
    private const double ReportFloor = 0.5;
    private const int MaxMatches = 5;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The name to screen (a person, an organisation, a vessel), in any order and script." };
        var country = new Option<string?>("--country") { Description = "A country of nationality, registration or address, as the lists write it (e.g. Cuba).", HelpName = "C" };
        var dob = new Option<string?>("--dob") { Description = "A date of birth, yyyy-MM-dd.", HelpName = "D" };
        var registration = new Option<string?>("--registration") { Description = "A registration number, passport or tax id.", HelpName = "R" };
        var lists = new Option<string[]>("--list")
        {
            Description = "Screen offline against this list file: OFAC's sdn.csv (with alt.csv, add.csv, sdn_comments.csv beside it when present) "
                + "or the directory holding it, or an OFAC XML file (.xml). Repeat for several lists.",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = true,
        };
        var server = new Option<string?>("--server") { Description = "Screen against the lists in force on this ledger server instead (with --key).", HelpName = "URL" };
        var key = new Option<string?>("--key")
        {
            Description = "An agency, compliance or admin API key for --server. Prefer @FILE: a key on the command line is visible in the process list.",
            HelpName = "KEY|@FILE",
        };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Offline: the score at or above which a match is a hit (the server uses its configured one).",
            DefaultValueFactory = _ => SanctionsIndex.DefaultThreshold,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write the result as one JSON object on stdout: {\"name\",\"lists\",\"threshold\",\"hit\",\"bestScore\",\"matches\":[{\"entry\",\"listedName\","
                + "\"entryKind\",\"programs\",\"score\",\"hit\",\"explanation\"}]}, or {\"error\":…} (exit 2).",
        };
        var command = new Command(
            "screen",
            "Screen a name against sanctions lists, offline from list files (--list) or on a ledger server (--server --key), and print the best matches "
            + "with their scores and why. Exit codes: 0 screened (hit or not), 2 bad usage, unreadable list, unreachable server or HTTP error.")
        {
            name, country, dob, registration, lists, server, key, threshold, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (output, token) => ScreenAsync(
                output,
                new Request(parseResult.GetRequiredValue(name), parseResult.GetValue(country), parseResult.GetValue(dob), parseResult.GetValue(registration)),
                parseResult.GetValue(lists) ?? [],
                parseResult.GetValue(server),
                parseResult.GetValue(key),
                parseResult.GetValue(threshold),
                token),
            cancellationToken));
        return command;
    }

    private static async Task ScreenAsync(
        CommandOutput output, Request request, string[] listFiles, string? serverText, string? keyText, double threshold, CancellationToken cancellationToken)
    {
        if ((listFiles.Length > 0) == (serverText is not null))
        {
            throw CommandFailedException.BadInput("give either --list FILE (offline) or --server URL with --key KEY, not both and not neither.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 256 || request.Name.Any(char.IsControl))
        {
            throw CommandFailedException.BadInput("the name must be 1 to 256 characters without control characters.");
        }

        DateOnly? birth = null;
        if (request.DateOfBirth is not null)
        {
            birth = DateOnly.TryParseExact(request.DateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)
                ? d
                : throw CommandFailedException.BadInput($"--dob '{request.DateOfBirth}' is not a date yyyy-MM-dd.");
        }

        Answer answer;
        if (serverText is not null)
        {
            if (keyText is null)
            {
                throw CommandFailedException.BadInput("--server needs --key (an agency, compliance or admin key).");
            }

            using var client = new AgencyApiClient(ServerAddress.Parse(serverText), ApiKeyArgument.Read(keyText), RequestTimeout);
            JsonElement body = await client.PostForJsonAsync(
                "api/sanctions/screen",
                new { name = request.Name, country = request.Country, dateOfBirth = request.DateOfBirth, registrationNumber = request.Registration },
                "screen the name",
                cancellationToken).ConfigureAwait(false);
            answer = FromServer(body);
        }
        else
        {
            if (threshold is not (> 0 and <= 1))
            {
                throw CommandFailedException.BadInput("--threshold is a score above 0 and at most 1, e.g. 0.86.");
            }

            answer = Offline(request, birth, listFiles, threshold);
        }

        output.Result(Describe(request.Name, answer), ToJson(request.Name, answer));
    }

    private static Answer Offline(Request request, DateOnly? birth, string[] files, double threshold)
    {
        var loaded = new List<SanctionsList>();
        foreach (string file in files)
        {
            try
            {
                loaded.Add(Read(file));
            }
            catch (Exception e) when (e is SanctionsListFormatException or IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.BadInput($"the list {file} cannot be read: {e.Message}", e);
            }
        }

        var sourceOf = new Dictionary<SanctionsEntry, string>(ReferenceEqualityComparer.Instance);
        foreach (SanctionsList list in loaded)
        {
            foreach (SanctionsEntry entry in list.Entries)
            {
                sourceOf[entry] = list.Version.Source;
            }
        }

        IReadOnlyList<ScreeningMatch> matches = SanctionsIndex.Build(loaded)
            .Screen(new ScreeningQuery(request.Name.Trim(), request.Country, birth, request.Registration), Math.Min(ReportFloor, threshold), MaxMatches);
        return new Answer(
            [.. loaded.Select(l => $"{l.Version.Source}:{l.Version.Sha256}")],
            threshold,
            matches.Count > 0 && matches[0].Score >= threshold,
            matches.Count > 0 ? Score(matches[0].Score) : "0.0000",
            [.. matches.Select(m => new Match(
                $"{sourceOf[m.Entry]}:{m.Entry.Id}", m.Entry.Name, m.Entry.Kind.ToString().ToLowerInvariant(), [.. m.Entry.Programs], Score(m.Score),
                m.Score >= threshold, m.Explanation.Describe()))]);
    }

    private static SanctionsList Read(string file)
    {
        if (Directory.Exists(file))
        {
            return OfacSdnCsvParser.ParseDirectory(file);
        }

        byte[] bytes = File.ReadAllBytes(file);
        if (file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            return OfacXmlParser.Parse(bytes, "OFAC-CONSOLIDATED", Path.GetFileName(file));
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        byte[]? Beside(string name) => File.Exists(Path.Combine(directory, name)) ? File.ReadAllBytes(Path.Combine(directory, name)) : null;
        return OfacSdnCsvParser.Parse(bytes, Beside("alt.csv"), Beside("add.csv"), Beside("sdn_comments.csv"));
    }

    private static Answer FromServer(JsonElement body)
    {
        try
        {
            return new Answer(
                [.. body.GetProperty("lists").EnumerateArray().Select(l => l.GetString()!)],
                body.GetProperty("threshold").GetDouble(),
                body.GetProperty("hit").GetBoolean(),
                body.GetProperty("bestScore").GetString()!,
                [.. body.GetProperty("matches").EnumerateArray().Select(m => new Match(
                    m.GetProperty("entry").GetString()!, m.GetProperty("listedName").GetString()!, m.GetProperty("entryKind").GetString()!,
                    [.. m.GetProperty("programs").EnumerateArray().Select(p => p.GetString()!)], m.GetProperty("score").GetString()!,
                    m.GetProperty("hit").GetBoolean(), m.GetProperty("explanation").GetString()!))]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw CommandFailedException.BadInput($"the server's screening answer cannot be read: {e.Message}", e);
        }
    }

    private static string Describe(string name, Answer answer)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"screened \"{name}\" against {string.Join(", ", answer.Lists.Select(Short))} (threshold {answer.Threshold:0.00}): ")
            .Append(answer.Hit ? "HIT" : "no hit");
        if (answer.Matches.Length == 0)
        {
            text.Append("\n  no list entry scores ").Append(ReportFloor.ToString("0.00", CultureInfo.InvariantCulture)).Append(" or more");
        }

        foreach (Match match in answer.Matches)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {match.Score}  {match.Entry}  {match.ListedName}  [{match.EntryKind}; {string.Join(", ", match.Programs)}]{(match.Hit ? "  hit" : string.Empty)}")
                .Append(CultureInfo.InvariantCulture, $"\n          {match.Explanation}");
        }

        return text.ToString();
    }

    private static JsonReport ToJson(string name, Answer answer) => new JsonReport()
        .Add("name", name)
        .Add("lists", answer.Lists)
        .Add("threshold", JsonSerializer.SerializeToElement(answer.Threshold))
        .Add("hit", answer.Hit)
        .Add("bestScore", answer.BestScore)
        .Add("matches", JsonSerializer.SerializeToElement(answer.Matches.Select(m => new
        {
            entry = m.Entry, listedName = m.ListedName, entryKind = m.EntryKind, programs = m.Programs, score = m.Score, hit = m.Hit, explanation = m.Explanation,
        })));

    private static string Short(string version) => version.Length > 20 && version.LastIndexOf(':') is > 0 and int at ? version[..(at + 13)] + "…" : version;

    private static string Score(double score) => (Math.Truncate(score * 10_000) / 10_000).ToString("0.0000", CultureInfo.InvariantCulture);

    private sealed record Request(string Name, string? Country, string? DateOfBirth, string? Registration);

    private sealed record Answer(string[] Lists, double Threshold, bool Hit, string BestScore, Match[] Matches);

    private sealed record Match(string Entry, string ListedName, string EntryKind, string[] Programs, string Score, bool Hit, string Explanation);
}
