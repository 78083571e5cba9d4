using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Grains;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Access;
using OversightLedger.Server.Beneficiaries;

namespace OversightLedger.Server.Api;

/// <summary>Beneficiary programs: opened and run by their agency; disbursements one at a time or as payment lists.</summary>
internal static class ProgramsApi
{
    public static IEndpointRouteBuilder MapProgramsApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder programs = routes.MapGroup("/api/programs").WithTags("Programs and disbursements").AddEndpointFilter<RequestIdFilter>();
        programs.MapPost("/", OpenAsync).RequireAuthorization(AccessSetup.AgencyPolicy).WithSummary("Open a beneficiary program run by the calling agency.");
        programs.MapGet("/{id}", GetAsync).WithSummary("A program: agency, currency, cap per period, counts (public).");
        programs.MapPost("/{id}/beneficiaries", EnrollAsync).RequireAuthorization(AccessSetup.AgencyPolicy)
            .WithSummary("Enrol a beneficiary by the agency's reference; only its keyed pseudonym is recorded.");
        programs.MapPost("/{id}/disbursements", DisburseAsync).RequireAuthorization(AccessSetup.AgencyPolicy)
            .WithSummary("Disburse to an enrolled beneficiary from an eligible budget (idempotent by id); returns the receipt.");
        programs.MapPost("/{id}/payment-lists", ImportPaymentListAsync).RequireAuthorization(AccessSetup.AgencyPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(64L * 1024 * 1024))
            .WithSummary("Disburse a payment list (text/csv or application/json, up to 100,000 rows); a result per row. When its budget requires vetting: 202, the list waits for its vetting body (?list= names it).");
        return routes;
    }

    private static async Task<IResult> OpenAsync(OpenProgramRequest request, ClaimsPrincipal user, GrainReferenceCache grains)
    {
        if (!Identifiers.IsValid(request.Id))
        {
            return Problems.Validation("id", Identifiers.Rule);
        }

        if (!DecimalAmount.TryParse(request.CapPerPeriod, out DecimalAmount cap, out string? reason))
        {
            return AmountFields.Refused("capPerPeriod", request.CapPerPeriod, reason, request.Currency);
        }

        var command = new OpenProgramCommand(LedgerResponses.EntryId(user, request.RequestId, EntryIds.ProgramOpened(request.Id)), request.Currency, cap, request.Period);
        return LedgerResponses.ToHttp(await Program(grains, request.Id).OpenAsync(LedgerResponses.ActorOf(user), command));
    }

    private static async Task<IResult> GetAsync(string id, GrainReferenceCache grains) =>
        !Identifiers.IsValid(id) ? Problems.NotFound("program", id)
        : await Program(grains, id).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("program", id);

    private static async Task<IResult> EnrollAsync(string id, EnrollRequest request, ClaimsPrincipal user, GrainReferenceCache grains, PseudonymKey pseudonyms)
    {
        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("program", id);
        }

        if (!AgencyReference.TryNormalize(request.Reference, out string? reference, out string? error))
        {
            return Problems.Validation("reference", $"the reference {error} (at most {AgencyReference.MaxLength} characters, trimmed).");
        }

        string pseudonym = pseudonyms.Derive(reference).Value;

        LedgerResult result = await Program(grains, id).EnrollAsync(
            LedgerResponses.ActorOf(user), new EnrollCommand(LedgerResponses.EntryId(user, request.RequestId, EntryIds.Enrolled(id, pseudonym)), pseudonym));
        return result.Accepted
            ? TypedResults.Json(new EnrolledBeneficiary(pseudonym, LedgerResponses.Recorded(result)), statusCode: StatusCodes.Status201Created)
            : LedgerResponses.ToHttp(result);
    }

    private static async Task<IResult> DisburseAsync(string id, DisbursementRequestBody request, ClaimsPrincipal user, GrainReferenceCache grains, PseudonymKey pseudonyms)
    {
        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("program", id);
        }

        (DisburseCommand? command, string? field, string? error, bool amountRefused) = ToCommand(request, pseudonyms);
        if (command is null)
        {
            return amountRefused
                ? await AmountFields.RefusedInProgramAsync(Program(grains, id), id, field!, request.Amount, error!)
                : Problems.Validation(field!, error!);
        }

        LedgerResult result = await Program(grains, id).DisburseAsync(LedgerResponses.ActorOf(user), command);
        return result.Accepted
            ? TypedResults.Created(DisbursementsApi.ReceiptPath(id, command.DisbursementId), RecordedDisbursement.From(command.DisbursementId, result))
            : LedgerResponses.ToHttp(result);
    }

    private static async Task<IResult> ImportPaymentListAsync(
        string id, [FromQuery] string? list, HttpRequest http, ClaimsPrincipal user, GrainReferenceCache grains, IGrainFactory factory, PseudonymKey pseudonyms,
        CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("program", id);
        }

        if (list is not null && !Identifiers.IsValid(list))
        {
            return Problems.Validation("list", Identifiers.Rule);
        }

        // Who may send it is settled before the body is read: a list is up to 64 MiB, which no one else should make us parse.
        IBeneficiaryProgramGrain program = Program(grains, id);
        Actor actor = LedgerResponses.ActorOf(user);
        if (await program.GetAsync() is not { } view)
        {
            return Problems.NotFound("program", id);
        }

        if (!actor.IsAdmin && view.Agency != actor.Principal)
        {
            return Problems.Forbidden($"The program '{id}' belongs to another agency.");
        }

        return await PaymentListImport.ImportAsync(id, list, actor, program, Currency.Parse(view.Currency), factory, pseudonyms, http, cancellationToken);
    }

    /// <summary>The row as a command, or which field is wrong and why; <c>AmountRefused</c>: the amount is no decimal string (the reason is to be worded in the program's currency).</summary>
    internal static (DisburseCommand? Command, string? Field, string? Error, bool AmountRefused) ToCommand(DisbursementRequestBody row, PseudonymKey pseudonyms)
    {
        (string? field, string? error, bool amountRefused) = Check(row, out DecimalAmount amount, out string? reference);
        return field is null
            ? (new DisburseCommand(row.Id, row.Budget, row.Tranche, pseudonyms.Derive(reference!).Value, amount, row.Sector, row.Modality, row.Period, row.Counterparty), null, null, false)
            : (null, field, error, amountRefused);
    }

    /// <summary>Which field of the row is wrong and why, or none (then its amount as read, and its reference normalized), without deriving its pseudonym.</summary>
    internal static (string? Field, string? Error, bool AmountRefused) Check(DisbursementRequestBody row, out DecimalAmount amount, out string? reference)
    {
        amount = default;
        reference = null;
        if (!Identifiers.IsValid(row.Id))
        {
            return ("id", Identifiers.Rule, false);
        }

        if (!Identifiers.IsValid(row.Budget))
        {
            return ("budget", Identifiers.Rule, false);
        }

        if (row.Tranche is not null && !Identifiers.IsValid(row.Tranche))
        {
            return ("tranche", Identifiers.Rule, false);
        }

        if (row.Counterparty is not null && !Identifiers.IsValid(row.Counterparty))
        {
            return ("counterparty", "a counterparty id as POST /api/counterparties gave it (cpty-…).", false);
        }

        if (string.IsNullOrWhiteSpace(row.Amount))
        {
            return ("amount", "the amount is a decimal string, e.g. \"25.00\".", false);
        }

        if (!AgencyReference.TryNormalize(row.Beneficiary, out reference, out string? error))
        {
            return ("beneficiary", $"the beneficiary reference {error} (at most {AgencyReference.MaxLength} characters, trimmed).", false);
        }

        // Read once: the amount crosses every grain call as it is read here (a refusal is worded in the program's currency).
        if (!DecimalAmount.TryParse(row.Amount, out amount, out string? reason))
        {
            return ("amount", reason, true);
        }

        return (null, null, false);
    }

    private static IBeneficiaryProgramGrain Program(GrainReferenceCache grains, string id) => grains.Get<IBeneficiaryProgramGrain>(id);
}

/// <summary>A beneficiary as enrolled: its pseudonym and the log entry.</summary>
internal sealed record EnrolledBeneficiary(string Pseudonym, RecordedEntry Recorded);

/// <summary>The result report of a payment list.</summary>
internal sealed record PaymentListReport(string Program, int Rows, int Accepted, int Rejected, RowResult[] Results);
