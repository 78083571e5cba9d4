using System.Security.Claims;
using System.Text.Json;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Ledger;
using OversightLedger.Server.Access;

namespace OversightLedger.Server.Api;

/// <summary>How ledger results become HTTP responses: an accepted entry with its leaf, or a problem with a stable type.</summary>
internal static class LedgerResponses
{
    public static Actor ActorOf(ClaimsPrincipal user) => new(user.PrincipalOf(), user.IsAdmin());

    /// <summary>
    /// The entry id of the caller's request id, scoped to the caller's principal (<see cref="EntryIds.Request"/>), or the
    /// id derived from the act's natural key (so a retry without a request id is idempotent too). The two never meet:
    /// derived ids have kinds of their own, so no caller's request id can take or block another principal's act.
    /// </summary>
    public static string EntryId(ClaimsPrincipal user, string? requestId, string derived) => EntryIds.RequestOr(user.PrincipalOf(), requestId, derived);

    /// <summary>The entry id of the caller's request id, scoped to the caller's principal (<see cref="EntryIds.Request"/>).</summary>
    public static string EntryId(ClaimsPrincipal user, string requestId) => EntryIds.Request(user.PrincipalOf(), requestId);

    public static IResult ToHttp(LedgerResult result, int successStatus = StatusCodes.Status201Created) =>
        result.Accepted
            ? TypedResults.Json(Recorded(result), statusCode: successStatus)
            : Problems.Rule(result.RejectionCode!, result.Message!, StatusFor(result.RejectionCode!));

    public static RecordedEntry Recorded(LedgerResult result) =>
        new(result.EntryId!, result.LeafIndex!.Value, JsonDocument.Parse(result.Entry!).RootElement.Clone());

    /// <summary>A payment-list row's result: the agency's own <paramref name="id"/>, and the entry id once accepted.</summary>
    public static RowResult Row(int row, string id, LedgerResult result) =>
        result.Accepted
            ? new RowResult(row, id, "accepted", result.LeafIndex, null, null, result.EntryId)
            : new RowResult(row, id, "rejected", null, result.RejectionCode, result.Message);

    /// <summary>
    /// 400 for a malformed request, 403 for acting on what is not yours, 404 for what does not exist,
    /// 409 for a clash with what is already recorded, 422 for a ledger rule that refuses the act.
    /// </summary>
    public static int StatusFor(string code) => code switch
    {
        LedgerResult.Forbidden or RejectionCode.NotBudgetOwner or RejectionCode.VerifierNotRegistered
            or RejectionCode.VetterNotRegistered => StatusCodes.Status403Forbidden,
        LedgerResult.NotLogged => StatusCodes.Status503ServiceUnavailable,
        RejectionCode.InvalidRequest or RejectionCode.InvalidAmount or RejectionCode.InvalidPeriod or RejectionCode.InvalidSunset
            or RejectionCode.CurrencyMismatch => StatusCodes.Status400BadRequest,
        _ when code.StartsWith("unknown-", StringComparison.Ordinal) && code != RejectionCode.UnknownBeneficiary => StatusCodes.Status404NotFound,
        RejectionCode.Duplicate or RejectionCode.BudgetExists or RejectionCode.ProgramExists or RejectionCode.TrancheExists
            or RejectionCode.ExemptionExists or RejectionCode.CounterpartyExists or RejectionCode.NoHitToReview => StatusCodes.Status409Conflict,
        _ when code.StartsWith("already-", StringComparison.Ordinal) => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}
