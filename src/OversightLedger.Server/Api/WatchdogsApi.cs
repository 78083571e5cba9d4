using System.Security.Claims;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Watchdogs;
using OversightLedger.Server.Access;

namespace OversightLedger.Server.Api;

/// <summary>Watchdogs: log monitors that raise findings; agencies dispute them; the watchdog resolves them (snap-back).</summary>
internal static class WatchdogsApi
{
    public static IEndpointRouteBuilder MapWatchdogsApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder watchdogs = routes.MapGroup("/api/watchdogs").WithTags("Watchdogs and findings").AddEndpointFilter<RequestIdFilter>();
        watchdogs.MapPost("/", RegisterAsync).RequireAuthorization(AccessSetup.WatchdogPolicy)
            .WithSummary("Register a watchdog owned by the calling watchdog key, with the budgets and programs it oversees.");
        watchdogs.MapGet("/{id}", GetAsync).WithSummary("A watchdog: what it oversees, how far it has read the log (public).");
        watchdogs.MapGet("/{id}/findings", GetFindingsAsync).WithSummary("A watchdog's findings with their state, responses and resolution (public).");
        watchdogs.MapPost("/{id}/scan", ScanAsync).RequireAuthorization(AccessSetup.WatchdogPolicy)
            .WithSummary("Read the log up to its latest checkpoint now and raise new findings (the watchdog-scan job does this every minute).");
        watchdogs.MapPost("/{id}/findings/{finding}/disputes", DisputeAsync).RequireAuthorization(AccessSetup.AgencyPolicy)
            .WithSummary("Dispute a finding about one of the calling agency's programs, with a response (logged).");
        watchdogs.MapPost("/{id}/findings/{finding}/resolution", ResolveAsync).RequireAuthorization(AccessSetup.WatchdogPolicy)
            .WithSummary("Resolve a finding: dismissed, or confirmed with a corrective action (snap-back for the classes a budget names).");
        return routes;
    }

    private static async Task<IResult> RegisterAsync(RegisterWatchdogRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(request.Id))
        {
            return Problems.Validation("id", Identifiers.Rule);
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200 || request.Name.Any(char.IsControl) || !IsWellFormed(request.Name))
        {
            return Problems.Validation("name", "a non-blank name of at most 200 characters, without control characters or lone surrogates");
        }

        string[] budgets = request.Budgets ?? [], programs = request.Programs ?? [];
        if (budgets.Concat(programs).FirstOrDefault(id => !Identifiers.IsValid(id)) is { } bad)
        {
            return Problems.Validation(budgets.Contains(bad) ? "budgets" : "programs", Identifiers.Rule);
        }

        // The owner is decided inside the grain's turn, so two keys racing on one id cannot mix owner and scope.
        WatchdogRegistration registration = await Watchdog(grains, request.Id).RegisterAsync(
            LedgerResponses.ActorOf(user), new RegisterWatchdogCommand(request.Name.Trim().Normalize(System.Text.NormalizationForm.FormC), budgets, programs));
        return registration.Outcome switch
        {
            WatchdogRegistrationOutcome.Created => TypedResults.Created($"/api/watchdogs/{request.Id}", registration.View),
            WatchdogRegistrationOutcome.Updated => TypedResults.Ok(registration.View),
            WatchdogRegistrationOutcome.Forbidden => Problems.Forbidden(registration.Message!),
            WatchdogRegistrationOutcome.WitnessNameTaken => Problems.Rule("witness-name-taken", registration.Message!, StatusCodes.Status409Conflict),
            _ => throw new InvalidOperationException($"No answer for {registration.Outcome}."),
        };
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains) =>
        Identifiers.IsValid(id) && await Watchdog(grains, id).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("watchdog", id);

    private static async Task<IResult> GetFindingsAsync(string id, IGrainFactory grains) =>
        Identifiers.IsValid(id) && await Watchdog(grains, id).GetAsync() is not null
            ? TypedResults.Ok(await Watchdog(grains, id).GetFindingsAsync())
            : Problems.NotFound("watchdog", id);

    private static async Task<IResult> ScanAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(id) || await Watchdog(grains, id).GetAsync() is not { } view)
        {
            return Problems.NotFound("watchdog", id);
        }

        return view.Owner == user.PrincipalOf() || user.IsAdmin()
            ? TypedResults.Ok(await Watchdog(grains, id).ScanAsync())
            : Problems.Forbidden($"The watchdog '{id}' is registered by another key.");
    }

    private static async Task<IResult> DisputeAsync(string id, string finding, DisputeFindingRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(id) || await Watchdog(grains, id).GetAsync() is null)
        {
            return Problems.NotFound("watchdog", id);
        }

        var command = new DisputeFindingCommand(
            LedgerResponses.EntryId(user, request.RequestId, EntryIds.FindingDisputed(finding, user.PrincipalOf(), Hash(request.Response))), finding, request.Response);
        return LedgerResponses.ToHttp(await Watchdog(grains, id).DisputeAsync(LedgerResponses.ActorOf(user), command));
    }

    private static async Task<IResult> ResolveAsync(string id, string finding, ResolveFindingRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(id) || await Watchdog(grains, id).GetAsync() is null)
        {
            return Problems.NotFound("watchdog", id);
        }

        if (request.Outcome is not ("dismissed" or "confirmed"))
        {
            return Problems.Validation("outcome", "dismissed or confirmed");
        }

        var command = new ResolveFindingCommand(LedgerResponses.EntryId(user, request.RequestId, EntryIds.FindingResolved(finding)), finding, request.Outcome, request.Action);
        return LedgerResponses.ToHttp(await Watchdog(grains, id).ResolveAsync(LedgerResponses.ActorOf(user), command));
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

    private static IWatchdogGrain Watchdog(IGrainFactory grains, string id) => grains.GetGrain<IWatchdogGrain>(id);

    private static bool IsWellFormed(string text) =>
        System.Text.Unicode.Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;
}
