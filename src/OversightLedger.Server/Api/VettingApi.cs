using System.Security.Claims;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Grains.Vetting;
using OversightLedger.Server.Access;

namespace OversightLedger.Server.Api;

/// <summary>
/// Vetting before money moves (issue 15 item 4): the owner's term and vetting bodies, lists submitted for vetting (through
/// the ordinary <c>POST /api/programs/{id}/payment-lists</c>, answered 202), their vetting and their status.
/// </summary>
internal static class VettingApi
{
    /// <summary>The wait a term sets when the owner names none.</summary>
    public const int DefaultMaxWaitDays = 7;

    public static IEndpointRouteBuilder MapVettingApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder budgets = routes.MapGroup("/api/budgets").WithTags("Vetting").AddEndpointFilter<RequestIdFilter>();
        budgets.MapPost("/{id}/vetting", RequireVettingAsync).RequireAuthorization(AccessSetup.DonorPolicy)
            .WithSummary("Require vetting of payment lists above a threshold (\"0\": all), waiting at most maxWaitDays (owner, once).");
        budgets.MapGet("/{id}/vetting", GetVettingAsync).WithSummary("The budget's vetting term and vetting bodies (public).");
        budgets.MapPost("/{id}/vetters", RegisterVetterAsync).RequireAuthorization(AccessSetup.DonorPolicy)
            .WithSummary("Register a vetting body (a watchdog key's principal) of the budget's payment lists (owner).");
        RouteGroupBuilder lists = routes.MapGroup("/api/programs/{id}/payment-lists").WithTags("Vetting");
        lists.MapGet("/{list}", GetListAsync).WithSummary("A payment list submitted for vetting: status and, once paid, every row's result (public).");
        lists.MapGet("/{list}/rows", GetRowsAsync).RequireAuthorization()
            .WithSummary("The rows of a list submitted for vetting, with beneficiary references (its agency, the budget's vetting bodies, admin).");
        lists.MapPost("/{list}/vetting", VetAsync).RequireAuthorization(AccessSetup.WatchdogPolicy)
            .WithSummary("A registered vetting body approves the list's rows or refuses some with reason codes; the approved rows are then paid.");
        return routes;
    }

    /// <summary>
    /// Sends a payment list to vetting when its budget's term requires it for the list's total there: then every row must
    /// be well-formed and on that one budget, and the answer is 202 with the list's status address. Null when no budget of
    /// the list requires vetting (the list is paid as before). <paramref name="budgets"/> are the budgets of the list's
    /// well-formed rows in the order they first appear, <paramref name="firstMalformed"/> the 0-based index of its first
    /// malformed row (-1: none); the rows themselves are read again only when a budget has a vetting term.
    /// </summary>
    public static async Task<IResult?> SubmitIfVettedAsync(
        string program, string? listId, Actor actor, IGrainFactory grains, IReadOnlyList<string> budgets, int firstMalformed, PaymentListRows rows, string sha256,
        CancellationToken cancellationToken)
    {
        Dictionary<string, VettingTermsView> terms = new(StringComparer.Ordinal);
        foreach (string budget in budgets)
        {
            if (await grains.GetGrain<IBudgetVettingGrain>(budget).GetVettingAsync() is { } term)
            {
                terms.Add(budget, term);
            }
        }

        if (terms.Count == 0)
        {
            return null;
        }

        // Each vetted budget's total in its currency, and its first row whose amount is not written in that currency.
        Dictionary<string, ListTotal> totals = terms.ToDictionary(t => t.Key, t => new ListTotal(Currency.Parse(t.Value.Currency)), StringComparer.Ordinal);
        await rows.ReadAsync(
            row =>
            {
                if (row.Command is { } command && totals.TryGetValue(command.Budget, out ListTotal? total))
                {
                    total.Add(command);
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken);

        string? vettedBudget = null;
        foreach ((string budget, VettingTermsView term) in terms)
        {
            ListTotal total = totals[budget];
            if (total.NotInCurrency is { } misfit)
            {
                return Problems.Validation("body", $"Row '{misfit}': the amount is not a decimal string in {total.Currency.Code}.");
            }

            Money threshold = Money.Parse(term.Threshold, total.Currency);
            if (threshold.MinorUnits == 0 || total.Exceeds(threshold.MinorUnits))
            {
                vettedBudget = budget;
                break;
            }
        }

        if (vettedBudget is null)
        {
            return null;
        }

        if (firstMalformed >= 0)
        {
            return Problems.Validation("body", $"Row {firstMalformed + 1} is malformed; a list for vetting is sent whole, every row well-formed.");
        }

        if (budgets.Count > 1)
        {
            return Problems.Rule(
                RejectionCode.VettingRequired, $"The budget '{vettedBudget}' vets this list: a list for vetting draws on one budget only; send the other rows in another list.", StatusCodes.Status422UnprocessableEntity);
        }

        // The vetting grain keeps the list's rows until they are vetted: here, and only here, the whole list is gathered.
        var vettingRows = new List<VettingRow>();
        int count = await rows.ReadAsync(
            row =>
            {
                AgencyReference.TryNormalize(row.Body.Beneficiary, out string? reference, out _);
                vettingRows.Add(new VettingRow(row.Command!, reference!));
                return ValueTask.CompletedTask;
            },
            cancellationToken);

        string list = listId ?? "list-" + sha256[..32];
        LedgerResult result = await grains.GetGrain<IPaymentListGrain>(PaymentListKeys.Of(program, list))
            .SubmitAsync(actor, new SubmitPaymentListCommand(vettedBudget, sha256, [.. vettingRows]));
        if (!result.Accepted)
        {
            return LedgerResponses.ToHttp(result);
        }

        string statusUrl = StatusPath(program, list);
        return TypedResults.Accepted(statusUrl, new PaymentListAccepted(program, list, vettedBudget, "waiting", sha256, count, statusUrl, LedgerResponses.Recorded(result)));
    }

    private static string StatusPath(string program, string list) => $"/api/programs/{Uri.EscapeDataString(program)}/payment-lists/{Uri.EscapeDataString(list)}";

    private static async Task<IResult> RequireVettingAsync(string id, RequireVettingRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("budget", id);
        }

        int maxWaitDays = request.MaxWaitDays ?? DefaultMaxWaitDays;
        if (maxWaitDays is < 1 or > VettingRequired.MaxWaitDaysLimit)
        {
            return Problems.Validation("maxWaitDays", $"a list waits from 1 to {VettingRequired.MaxWaitDaysLimit} days for its vetting.");
        }

        if (!DecimalAmount.TryParse(request.Threshold, out DecimalAmount threshold, out string? reason))
        {
            return await AmountFields.RefusedInBudgetAsync(grains.GetGrain<IReliefBudgetGrain>(id), id, "threshold", request.Threshold, reason);
        }

        return LedgerResponses.ToHttp(await grains.GetGrain<IBudgetVettingGrain>(id).RequireVettingAsync(
            LedgerResponses.ActorOf(user), new RequireVettingCommand(LedgerResponses.EntryId(user, request.RequestId, EntryIds.VettingRequired(id)), threshold, maxWaitDays)));
    }

    private static async Task<IResult> GetVettingAsync(string id, IGrainFactory grains) =>
        !Identifiers.IsValid(id) ? Problems.NotFound("vetting term of budget", id)
        : await grains.GetGrain<IBudgetVettingGrain>(id).GetVettingAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("vetting term of budget", id);

    private static async Task<IResult> RegisterVetterAsync(string id, RegisterVetterRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("budget", id);
        }

        if (!Identifiers.IsValid(request.Vetter))
        {
            return Problems.Validation("vetter", Identifiers.Rule);
        }

        return LedgerResponses.ToHttp(await grains.GetGrain<IBudgetVettingGrain>(id).RegisterVetterAsync(
            LedgerResponses.ActorOf(user), new RegisterVetterCommand(LedgerResponses.EntryId(user, request.RequestId, EntryIds.VetterRegistered(id, request.Vetter)), request.Vetter)));
    }

    private static async Task<IResult> GetListAsync(string id, string list, IGrainFactory grains) =>
        !Identifiers.IsValid(id) || !Identifiers.IsValid(list) ? Problems.NotFound("payment list", list)
        : await grains.GetGrain<IPaymentListGrain>(PaymentListKeys.Of(id, list)).GetAsync() is { } view ? TypedResults.Ok(view)
        : Problems.NotFound("payment list", list);

    private static async Task<IResult> GetRowsAsync(string id, string list, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(id) || !Identifiers.IsValid(list))
        {
            return Problems.NotFound("payment list", list);
        }

        IPaymentListGrain grain = grains.GetGrain<IPaymentListGrain>(PaymentListKeys.Of(id, list));
        PaymentListRowsView rows = await grain.GetRowsAsync(LedgerResponses.ActorOf(user));
        // Anyone else gets the same 403 whether or not the list exists.
        return rows.Allowed
            ? TypedResults.Ok(new PaymentListRowsResponse(id, list, [.. rows.Rows.Select(PaymentListRowBody.From)]))
            : Problems.Forbidden($"Only the agency of '{id}', the budget's vetting bodies and an admin read a list's rows.");
    }

    private static async Task<IResult> VetAsync(string id, string list, VetPaymentListRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(id) || !Identifiers.IsValid(list))
        {
            return Problems.NotFound("payment list", list);
        }

        RowRefusalRequest[] refused = request.Refused ?? [];
        if (refused.Any(r => r is null || !Identifiers.IsValid(r.Row)))
        {
            return Problems.Validation("refused", "each refused row is {\"row\": a row id, \"reason\": a reason code}.");
        }

        if (refused.Any(r => !RowRefusalReasons.IsKnown(r.Reason)))
        {
            return Problems.Validation("reason", $"a reason is one of {string.Join(", ", RowRefusalReasons.All)} (by name).");
        }

        if (request.Approved?.Any(r => !Identifiers.IsValid(r)) == true)
        {
            return Problems.Validation("approved", Identifiers.Rule);
        }

        LedgerResult result = await grains.GetGrain<IPaymentListGrain>(PaymentListKeys.Of(id, list)).VetAsync(
            LedgerResponses.ActorOf(user), request.Approved, [.. refused.Select(r => new RowRefusal(r.Row, r.Reason))]);
        return LedgerResponses.ToHttp(result);
    }

    /// <summary>A vetted budget's total over a list, in minor units of its currency (wide enough for any list: no overflow).</summary>
    private sealed class ListTotal(Currency currency)
    {
        private Int128 _units;

        public Currency Currency => currency;

        /// <summary>The id of the first row on the budget whose amount is not written in its currency, if any.</summary>
        public string? NotInCurrency { get; private set; }

        public void Add(DisburseCommand command)
        {
            if (command.Amount.TryIn(currency, out Money? amount))
            {
                _units += amount.MinorUnits;
            }
            else
            {
                NotInCurrency ??= command.DisbursementId;
            }
        }

        public bool Exceeds(long threshold) => _units > threshold;
    }
}
