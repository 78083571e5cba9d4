using System.Globalization;
using OversightLedger.Grains.Sanctions;
using OversightLedger.Sanctions;
using OversightLedger.Server.Access;
using OversightLedger.Server.Sanctions;

namespace OversightLedger.Server.Api;

/// <summary>The sanctions lists in force and ad-hoc screening against them (nothing of a screening is logged).</summary>
internal static class SanctionsApi
{
    public static IEndpointRouteBuilder MapSanctionsApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder sanctions = routes.MapGroup("/api/sanctions").WithTags("Counterparties and screening");
        sanctions.MapGet("/lists", GetListsAsync)
            .WithSummary("The configured sanctions lists: in force or refused (why), their versions, and every version the log records (public).");
        sanctions.MapPost("/screen", Screen).RequireAuthorization(AccessSetup.ScreeningPolicy)
            .WithSummary("Screen a name against the lists in force: the best matches with scores and why (agency, compliance, admin keys; nothing is logged).");
        return routes;
    }

    private static async Task<IResult> GetListsAsync(SanctionsListLoader loader, SanctionsLists lists, IGrainFactory grains)
    {
        LoadedSanctions? current = lists.Current;
        var recorded = new List<LoadedListVersion>();
        foreach (string source in (current?.Versions.Select(v => v.Source) ?? []).Concat(loader.States.Select(s => s.Source).OfType<string>()).Distinct(StringComparer.Ordinal))
        {
            recorded.AddRange(await grains.GetGrain<ISanctionsListGrain>(source).GetHistoryAsync());
        }

        return TypedResults.Ok(new SanctionsListsStatus(
            lists.Threshold,
            [.. loader.States],
            [.. (current?.Versions ?? []).Select(v => new ListVersionInForce(
                v.Source, v.Sha256, v.EntryCount, v.PublicationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))],
            [.. recorded]));
    }

    private static IResult Screen(ScreenNameRequest request, SanctionsLists lists, TimeProvider time)
    {
        (string? field, string? error) = ScreeningInput.Check(request.Name, request.Country, request.DateOfBirth, request.RegistrationNumber, time, out DateOnly? birth);
        if (field is not null)
        {
            return Problems.Validation(field, error!);
        }

        if (lists.Screen(new ScreeningQuery(request.Name.Trim(), request.Country?.Trim(), birth, request.RegistrationNumber?.Trim())) is not { } result)
        {
            return Problems.Rule("no-sanctions-lists", "No sanctions list is in force on this server (see GET /api/sanctions/lists).", StatusCodes.Status409Conflict);
        }

        return TypedResults.Ok(new ScreeningAnswer(
            [.. result.Lists],
            lists.Threshold,
            result.Hit,
            result.BestScore.ToString("0.0000", CultureInfo.InvariantCulture),
            [.. result.Matches.Select((m, i) => new ScreeningAnswerMatch(
                result.MatchIds[i], m.Entry.Name, m.Entry.Kind.ToString().ToLowerInvariant(), [.. m.Entry.Programs],
                m.Score.ToString("0.0000", CultureInfo.InvariantCulture), m.Score >= lists.Threshold, m.Explanation.MatchedName, m.Explanation.MatchedAlias,
                m.Explanation.Describe()))]));
    }
}

/// <summary>The lists: the threshold, each configured file's state, the versions in force, the versions the log records.</summary>
internal sealed record SanctionsListsStatus(double Threshold, SanctionsListState[] Configured, ListVersionInForce[] InForce, LoadedListVersion[] Recorded);

/// <summary>A list version in force.</summary>
internal sealed record ListVersionInForce(string Source, string Sha256, int EntryCount, string? PublicationDate);

/// <summary>An ad-hoc screening's answer: the list versions, the threshold, whether the best match is a hit, and the matches.</summary>
internal sealed record ScreeningAnswer(string[] Lists, double Threshold, bool Hit, string BestScore, ScreeningAnswerMatch[] Matches);

/// <summary>One match: the list entry's id and published name, its kind and programs, the score, whether it is a hit, the list name matched, why.</summary>
internal sealed record ScreeningAnswerMatch(
    string Entry, string ListedName, string EntryKind, string[] Programs, string Score, bool Hit, string MatchedName, bool MatchedAlias, string Explanation);
