using System.Security.Claims;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Budgets;
using OversightLedger.Server.Access;

namespace OversightLedger.Server.Api;

/// <summary>The consequence ladder of a budget (issue 15 item 3): read in the budget's view, lifted step by step by its owner.</summary>
internal static class ConsequencesApi
{
    public static IEndpointRouteBuilder MapConsequencesApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder budgets = routes.MapGroup("/api/budgets").WithTags("Budgets").AddEndpointFilter<RequestIdFilter>();
        budgets.MapPost("/{id}/consequences/{step}/lift", LiftAsync).RequireAuthorization(AccessSetup.DonorPolicy)
            .WithSummary("Lift an applied step of the consequence ladder, after a passed review of the budget (the budget's owner).");
        return routes;
    }

    /// <summary>
    /// The ladder of an open request in the log's form (<c>"1:pause-next-tranche"</c>), or a 400 naming what is wrong:
    /// no step, too many, a null step, an action that is not a name, counts not strictly ascending or out of range.
    /// </summary>
    public static IResult? LadderOf(ConsequenceStepRequest[]? steps, out string[]? ladder)
    {
        ladder = null;
        if (steps is null)
        {
            return null;
        }

        if (steps.Length is 0 or > ConsequenceLadder.MaxSteps || Array.Exists(steps, s => s is null || s.Action is null))
        {
            return Problems.Validation(
                ConsequenceLadder.FieldName, $"a consequence ladder has 1 to {ConsequenceLadder.MaxSteps} steps, each {{\"failedReviews\": n, \"action\": name}} (leave it out for none)");
        }

        try
        {
            ConsequenceLadder parsed = new(steps.Select(s => ConsequenceActions.TryParse(s.Action, out ConsequenceAction? action)
                ? new ConsequenceStep(s.FailedReviews, action.Value)
                : throw new ArgumentException(
                    $"'{s.Action}' is not an action: {ConsequenceActions.PauseNextTranche} or {ConsequenceActions.FreezeUnreleased}, by name", ConsequenceLadder.FieldName)));
            ladder = [.. parsed.Steps.Select(s => s.ToString())];
            return null;
        }
        catch (ArgumentException e)
        {
            return Problems.Validation(ConsequenceLadder.FieldName, e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static async Task<IResult> LiftAsync(string id, int step, LiftConsequenceRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("budget", id);
        }

        if (step is < 1 or > ConsequenceLadder.MaxSteps)
        {
            return Problems.NotFound("consequence", step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var command = new LiftConsequenceCommand(
            LedgerResponses.EntryId(user, request.RequestId, EntryIds.ConsequenceLifted(id, step)), step, request.Reason, request.Review);
        return LedgerResponses.ToHttp(await grains.GetGrain<IReliefBudgetGrain>(id).LiftConsequenceAsync(LedgerResponses.ActorOf(user), command));
    }
}
