using System.Security.Claims;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Budgets;
using OversightLedger.Server.Access;

namespace OversightLedger.Server.Api;

/// <summary>Ring-fenced budgets: opened and run by their donor, readable by anyone.</summary>
internal static class BudgetsApi
{
    /// <summary>As many definitions as a tranche may have benchmarks.</summary>
    private const int MaxBenchmarkDefinitions = 64;

    public static IEndpointRouteBuilder MapBudgetsApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder budgets = routes.MapGroup("/api/budgets").WithTags("Budgets").AddEndpointFilter<RequestIdFilter>();
        budgets.MapPost("/", OpenAsync).RequireAuthorization(AccessSetup.DonorPolicy).WithSummary("Open a ring-fenced budget owned by the calling donor.");
        budgets.MapGet("/{id}", GetAsync).WithSummary("A budget: terms, balances, tranches, eligible programs (public).");
        budgets.MapGet("/{id}/programs", GetProgramsAsync).WithSummary("The programs eligible to draw on the budget (public).");
        budgets.MapPost("/{id}/funds", ReceiveFundsAsync).RequireAuthorization(AccessSetup.DonorPolicy).WithSummary("Record funds received (idempotent by transfer reference).");
        budgets.MapPost("/{id}/tranches", AddTrancheAsync).RequireAuthorization(AccessSetup.DonorPolicy).WithSummary("Add a tranche with the benchmarks that unlock it.");
        budgets.MapPost("/{id}/tranches/{tranche}/benchmarks/{benchmark}/verifications", VerifyBenchmarkAsync)
            .RequireAuthorization(AccessSetup.WatchdogPolicy).WithSummary("Record an independent verification of a benchmark (watchdog).");
        budgets.MapPost("/{id}/tranches/{tranche}/benchmarks/{benchmark}/decision", DecideBenchmarkAsync)
            .RequireAuthorization(AccessSetup.DonorPolicy).WithSummary("Settle a contested benchmark as met or not-met, with a reason (the budget's owner).");
        budgets.MapPost("/{id}/verifiers", RegisterVerifierAsync).RequireAuthorization(AccessSetup.DonorPolicy)
            .WithSummary("Register a verifier of the budget's defined benchmarks with its group (the budget's owner).");
        budgets.MapPost("/{id}/tranches/{tranche}/release", ReleaseTrancheAsync).RequireAuthorization(AccessSetup.DonorPolicy).WithSummary("Release a tranche whose benchmarks are all verified.");
        budgets.MapPost("/{id}/programs", ListProgramAsync).RequireAuthorization(AccessSetup.DonorPolicy).WithSummary("List a program as eligible (the ring-fence).");
        budgets.MapPost("/{id}/freeze", FreezeAsync).RequireAuthorization(AccessSetup.AdminPolicy).WithSummary("Snap-back: freeze the budget's non-exempt tranches.");
        budgets.MapPost("/{id}/unfreeze", UnfreezeAsync).RequireAuthorization(AccessSetup.DonorPolicy).WithSummary("Unfreeze the budget (its owner).");
        budgets.MapPost("/{id}/exemptions", GrantExemptionAsync).RequireAuthorization(AccessSetup.DonorPolicy).WithSummary("Grant a humanitarian exemption with scope and sunset.");
        budgets.MapPost("/{id}/exemptions/{exemption}/renewals", RenewExemptionAsync).RequireAuthorization(AccessSetup.DonorPolicy)
            .WithSummary("Renew an exemption with a later sunset (a logged act of the budget owner).");
        return routes;
    }

    private static async Task<IResult> OpenAsync(OpenBudgetRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(request.Id))
        {
            return Problems.Validation("id", Identifiers.Rule);
        }

        if (ConsequencesApi.LadderOf(request.ConsequenceLadder, out string[]? ladder) is { } badLadder)
        {
            return badLadder;
        }

        if (!DecimalAmount.TryParse(request.Pledged, out DecimalAmount pledged, out string? reason))
        {
            return AmountFields.Refused("pledged", request.Pledged, reason, request.Currency);
        }

        var command = new OpenBudgetCommand(
            LedgerResponses.EntryId(user, request.RequestId, EntryIds.BudgetOpened(request.Id)), request.Donor, request.Purpose, request.Country,
            request.Currency, pledged, request.SnapBackClasses ?? [], ladder);
        return LedgerResponses.ToHttp(await Budget(grains, request.Id).OpenAsync(LedgerResponses.ActorOf(user), command));
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains) =>
        !Identifiers.IsValid(id) ? Problems.NotFound("budget", id)
        : await Budget(grains, id).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("budget", id);

    private static async Task<IResult> GetProgramsAsync(string id, IGrainFactory grains) =>
        !Identifiers.IsValid(id) ? Problems.NotFound("budget", id)
        : await Budget(grains, id).GetAsync() is { } view ? TypedResults.Ok(view.EligiblePrograms) : Problems.NotFound("budget", id);

    private static async Task<IResult> ReceiveFundsAsync(string id, ReceiveFundsRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        // The transfer reference keys the entry: " TRF-1" and "TRF-1" are one transfer, not two.
        if (!AgencyReference.TryNormalize(request.Reference, out string? reference, out string? error))
        {
            return Problems.Validation("reference", $"the transfer reference {error} (at most {AgencyReference.MaxLength} characters, trimmed).");
        }

        if (!DecimalAmount.TryParse(request.Amount, out DecimalAmount amount, out string? reason))
        {
            return await AmountFields.RefusedInBudgetAsync(Budget(grains, id), id, "amount", request.Amount, reason);
        }

        return await RunAsync(id, grains, b => b.ReceiveFundsAsync(LedgerResponses.ActorOf(user), new ReceiveFundsCommand(
            LedgerResponses.EntryId(user, request.RequestId, EntryIds.FundsReceived(id, reference)), amount, reference)));
    }

    private static async Task<IResult> AddTrancheAsync(string id, AddTrancheRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        BenchmarkDefinition[]? definitions = null;
        if (request.BenchmarkDefinitions is { } requested)
        {
            if (requested.Length > MaxBenchmarkDefinitions || Array.Exists(requested, d => d is null))
            {
                return Problems.Validation("benchmarkDefinitions", $"'benchmarkDefinitions' must be an array of at most {MaxBenchmarkDefinitions} objects, none null.");
            }

            definitions = Array.ConvertAll(requested, d => new BenchmarkDefinition(
                d.Benchmark, d.Indicator, d.Unit, d.Baseline, d.Target, d.Direction, d.DueOn, d.RequiredVerifications, d.RequiredGroups,
                d.ReviewCadence, d.ReviewCount, d.ReviewsUntil));
        }

        if (!DecimalAmount.TryParse(request.Amount, out DecimalAmount amount, out string? reason))
        {
            return await AmountFields.RefusedInBudgetAsync(Budget(grains, id), id, "amount", request.Amount, reason);
        }

        return await RunAsync(id, grains, b => b.AddTrancheAsync(LedgerResponses.ActorOf(user), new AddTrancheCommand(
            LedgerResponses.EntryId(user, request.RequestId, EntryIds.TrancheAdded(id, request.Tranche)), request.Tranche, amount, request.Humanitarian,
            request.Benchmarks ?? [], definitions)));
    }

    private static Task<IResult> VerifyBenchmarkAsync(string id, string tranche, string benchmark, VerifyBenchmarkRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        string derived = EntryIds.BenchmarkVerified(id, tranche, benchmark);
        if (request.Value is { } text)
        {
            if (!IndicatorValue.TryParse(text, out decimal value))
            {
                return Task.FromResult(Problems.Validation("value", $"'value' must be a decimal number from 0 to 10^12 with at most {IndicatorValue.MaxDecimals} decimals, written as a string such as \"82.5\"."));
            }

            // A defined benchmark takes a verification from each verifier, and a verifier's new value is a new entry.
            derived = EntryIds.BenchmarkVerification(id, tranche, benchmark, user.PrincipalOf(), request.VerifiedOn, request.EvidenceSha256, IndicatorValue.Format(value));
        }

        return RunAsync(id, grains, b => b.VerifyBenchmarkAsync(LedgerResponses.ActorOf(user), new VerifyBenchmarkCommand(
            LedgerResponses.EntryId(user, request.RequestId, derived), tranche, benchmark, request.EvidenceSha256, request.VerifiedOn, request.Value)));
    }

    private static Task<IResult> RegisterVerifierAsync(string id, RegisterVerifierRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(request.Verifier))
        {
            return Task.FromResult(Problems.Validation("verifier", Identifiers.Rule));
        }

        if (!Identifiers.IsValid(request.Group))
        {
            return Task.FromResult(Problems.Validation("group", Identifiers.Rule));
        }

        return RunAsync(id, grains, b => b.RegisterVerifierAsync(LedgerResponses.ActorOf(user), new RegisterVerifierCommand(
            LedgerResponses.EntryId(user, request.RequestId, EntryIds.VerifierRegistered(id, request.Verifier)), request.Verifier, request.Group)));
    }

    private static Task<IResult> DecideBenchmarkAsync(string id, string tranche, string benchmark, BenchmarkDecisionRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        request.Outcome is not (BenchmarkDecided.MetOutcome or BenchmarkDecided.NotMetOutcome)
            ? Task.FromResult(Problems.Validation("outcome", "'outcome' must be met or not-met."))
            : RunAsync(id, grains, b => b.DecideBenchmarkAsync(LedgerResponses.ActorOf(user), new DecideBenchmarkCommand(
                request.RequestId is null ? null : LedgerResponses.EntryId(user, request.RequestId), tranche, benchmark, request.Outcome, request.Reason)));

    private static async Task<IResult> ReleaseTrancheAsync(string id, string tranche, ReleaseTrancheRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        !DecimalAmount.TryParse(request.Amount, out DecimalAmount amount, out string? reason)
            ? await AmountFields.RefusedInBudgetAsync(Budget(grains, id), id, "amount", request.Amount, reason)
            : await RunAsync(id, grains, b => b.ReleaseTrancheAsync(LedgerResponses.ActorOf(user), new ReleaseTrancheCommand(
                LedgerResponses.EntryId(user, request.RequestId, EntryIds.TrancheReleased(id, tranche)), tranche, amount)));

    private static Task<IResult> ListProgramAsync(string id, ListProgramRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        RunAsync(id, grains, b => b.ListProgramAsync(LedgerResponses.ActorOf(user), new ListProgramCommand(
            LedgerResponses.EntryId(user, request.RequestId, EntryIds.ProgramEligible(id, request.Program)), request.Program)));

    private static Task<IResult> FreezeAsync(string id, FreezeRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        RunAsync(id, grains, b => b.FreezeAsync(LedgerResponses.ActorOf(user), new FreezeCommand(LedgerResponses.EntryId(user, request.RequestId), request.Reason, request.Finding)));

    private static Task<IResult> UnfreezeAsync(string id, FreezeRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        RunAsync(id, grains, b => b.UnfreezeAsync(LedgerResponses.ActorOf(user), new FreezeCommand(LedgerResponses.EntryId(user, request.RequestId), request.Reason, request.Finding)));

    private static Task<IResult> RenewExemptionAsync(string id, string exemption, RenewExemptionRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        RunAsync(id, grains, b => b.RenewExemptionAsync(LedgerResponses.ActorOf(user), new RenewExemptionCommand(
            LedgerResponses.EntryId(user, request.RequestId, EntryIds.ExemptionRenewed(id, exemption, request.Sunset)), exemption, request.Sunset)));

    private static async Task<IResult> GrantExemptionAsync(string id, GrantExemptionRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        !DecimalAmount.TryParse(request.MaxAmount, out DecimalAmount maxAmount, out string? reason)
            ? await AmountFields.RefusedInBudgetAsync(Budget(grains, id), id, "maxAmount", request.MaxAmount, reason)
            : await RunAsync(id, grains, b => b.GrantExemptionAsync(LedgerResponses.ActorOf(user), new GrantExemptionCommand(
                LedgerResponses.EntryId(user, request.RequestId, EntryIds.ExemptionGranted(id, request.Exemption)), request.Exemption, request.Sectors, request.Modalities, maxAmount,
                request.Sunset)));

    private static async Task<IResult> RunAsync(string id, IGrainFactory grains, Func<IReliefBudgetGrain, Task<Grains.Ledger.LedgerResult>> act) =>
        Identifiers.IsValid(id) ? LedgerResponses.ToHttp(await act(Budget(grains, id))) : Problems.NotFound("budget", id);

    private static IReliefBudgetGrain Budget(IGrainFactory grains, string id) => grains.GetGrain<IReliefBudgetGrain>(id);
}
