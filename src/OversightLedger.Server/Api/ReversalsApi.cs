using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;
using OversightLedger.Grains;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Access;

namespace OversightLedger.Server.Api;

/// <summary>
/// What happened to a disbursement after it was paid, as its agency learns it from the payment provider: a reversal
/// (failed, returned or recovered; all or part of the amount) gives the money back to the budget's tranche and the
/// beneficiary's cap; a delivery confirmation records that it arrived. Both live beside the receipt, under the program
/// that owns the disbursement id: <c>/api/programs/{program}/disbursements/{id}/reversal</c> and <c>…/delivery</c>.
/// </summary>
internal static class ReversalsApi
{
    public static IEndpointRouteBuilder MapReversalsApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder disbursement = routes.MapGroup("/api/programs/{program}/disbursements/{id}")
            .WithTags("Reversals and deliveries")
            .AddEndpointFilter<RequestIdFilter>()
            .RequireAuthorization(AccessSetup.AgencyPolicy);
        disbursement.MapPost("/reversal", ReverseAsync)
            .WithSummary("Reverse all or part of the agency's disbursement (reason: failed, returned or recovered): the money goes back to the tranche and the cap.");
        disbursement.MapPost("/delivery", ConfirmDeliveryAsync)
            .WithSummary("Confirm that the agency's disbursement was delivered (once; not after a reversal in full).");
        return routes;
    }

    private static async Task<IResult> ReverseAsync(string program, string id, ReversalRequest request, ClaimsPrincipal user, GrainReferenceCache grains)
    {
        if (!Identifiers.IsValid(program))
        {
            return Problems.NotFound("program", program);
        }

        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("disbursement", id);
        }

        // By name only, as every other code of the API: a number ("1") or another case is not a reason.
        if (!ReversalReason.IsKnown(request.Reason))
        {
            return Problems.Validation("reason", $"the reason is one of {string.Join(", ", ReversalReason.All)}.");
        }

        if (request.Amount is not null && string.IsNullOrWhiteSpace(request.Amount))
        {
            return Problems.Validation("amount", "the amount is a decimal string, e.g. \"25.00\", or left out for all that is left of the payment.");
        }

        DecimalAmount? amount = null;
        if (request.Amount is { } text)
        {
            if (!DecimalAmount.TryParse(text, out DecimalAmount read, out string? reason))
            {
                return await AmountFields.RefusedInProgramAsync(grains.Get<IBeneficiaryProgramGrain>(program), program, "amount", text, reason);
            }

            amount = read;
        }

        string entryId = LedgerResponses.EntryId(user, request.RequestId, EntryIds.Reversal(program, id, request.Reason));
        LedgerResult result = await grains.Get<IBeneficiaryProgramGrain>(program)
            .ReverseAsync(LedgerResponses.ActorOf(user), new ReverseCommand(entryId, id, amount, request.Reason));
        return LedgerResponses.ToHttp(result);
    }

    private static async Task<IResult> ConfirmDeliveryAsync(
        string program, string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DeliveryRequest? request, ClaimsPrincipal user, GrainReferenceCache grains)
    {
        if (!Identifiers.IsValid(program))
        {
            return Problems.NotFound("program", program);
        }

        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("disbursement", id);
        }

        string entryId = LedgerResponses.EntryId(user, request?.RequestId, EntryIds.Delivered(program, id));
        LedgerResult result = await grains.Get<IBeneficiaryProgramGrain>(program)
            .ConfirmDeliveryAsync(LedgerResponses.ActorOf(user), new ConfirmDeliveryCommand(entryId, id));
        return LedgerResponses.ToHttp(result);
    }
}
