using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Decisions;
using OversightLedger.Grains.Ledger;
using OversightLedger.Server.Access;

namespace OversightLedger.Server.Api;

/// <summary>How ledger results become HTTP responses: an accepted entry with its leaf, or a problem with a stable type.</summary>
internal static class LedgerResponses
{
    private const int MaxEntryId = 128;

    public static Actor ActorOf(ClaimsPrincipal user) => new(user.PrincipalOf(), user.IsAdmin());

    /// <summary>The request id the caller gave, or a deterministic one for acts that have a natural key (so retries are idempotent).</summary>
    public static string EntryId(string? requestId, string naturalKey)
    {
        string id = requestId ?? naturalKey;
        return id.Length <= MaxEntryId ? id : "h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    public static IResult ToHttp(LedgerResult result, int successStatus = StatusCodes.Status201Created) =>
        result.Accepted
            ? TypedResults.Json(Recorded(result), statusCode: successStatus)
            : Problems.Rule(result.RejectionCode!, result.Message!, StatusFor(result.RejectionCode!));

    public static RecordedEntry Recorded(LedgerResult result) =>
        new(result.EntryId!, result.LeafIndex!.Value, JsonDocument.Parse(result.Entry!).RootElement.Clone());

    public static RowResult Row(int row, string id, LedgerResult result) =>
        result.Accepted
            ? new RowResult(row, id, "accepted", result.LeafIndex, null, null)
            : new RowResult(row, id, "rejected", null, result.RejectionCode, result.Message);

    /// <summary>
    /// 400 for a malformed request, 403 for acting on what is not yours, 404 for what does not exist,
    /// 409 for a clash with what is already recorded, 422 for a ledger rule that refuses the act.
    /// </summary>
    public static int StatusFor(string code) => code switch
    {
        LedgerResult.Forbidden or RejectionCode.NotBudgetOwner => StatusCodes.Status403Forbidden,
        RejectionCode.InvalidRequest or RejectionCode.InvalidAmount or RejectionCode.InvalidPeriod or RejectionCode.InvalidSunset
            or RejectionCode.CurrencyMismatch => StatusCodes.Status400BadRequest,
        _ when code.StartsWith("unknown-", StringComparison.Ordinal) && code != RejectionCode.UnknownBeneficiary => StatusCodes.Status404NotFound,
        RejectionCode.Duplicate or RejectionCode.BudgetExists or RejectionCode.ProgramExists or RejectionCode.TrancheExists
            or RejectionCode.ExemptionExists => StatusCodes.Status409Conflict,
        _ when code.StartsWith("already-", StringComparison.Ordinal) => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}
