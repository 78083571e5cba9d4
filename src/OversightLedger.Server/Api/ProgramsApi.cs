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
    private const int RowsPerGrainCall = 2_000;
    private const int ParallelChunks = 4;


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

        // Hashed as it is read: a list sent for vetting is logged with the SHA-256 of its bytes.
        var hashing = new HashingReadStream(http.Body);
        http.Body = hashing;
        (List<DisbursementRequestBody>? rows, string? error) = await PaymentListReader.ReadAsync(http, cancellationToken);
        if (rows is null)
        {
            return Problems.Validation("body", error!);
        }

        var currency = Currency.Parse(view.Currency);
        var results = new RowResult[rows.Count];
        var valid = new List<(int Row, DisburseCommand Command)>(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            (DisburseCommand? command, string? field, string? message, bool amountRefused) = ToCommand(rows[i], pseudonyms);
            if (command is null)
            {
                results[i] = new RowResult(
                    i + 1, rows[i].Id ?? string.Empty, "rejected", null, RejectionCode.InvalidRequest,
                    amountRefused ? DecimalAmount.Refusal(rows[i].Amount, currency, message!) : $"{field}: {message}");
            }
            else
            {
                valid.Add((i, command));
            }
        }

        var commands = new DisburseCommand?[rows.Count];
        valid.ForEach(v => commands[v.Row] = v.Command);
        if (await VettingApi.SubmitIfVettedAsync(id, list, actor, factory, rows, commands, await hashing.FinishAsync(cancellationToken)) is { } vetted)
        {
            return vetted;
        }

        await Parallel.ForEachAsync(
            valid.Chunk(RowsPerGrainCall),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelChunks, CancellationToken = cancellationToken },
            async (chunk, _) =>
            {
                LedgerResult[] outcomes = await program.DisburseManyAsync(actor, [.. chunk.Select(c => c.Command)]);
                for (int i = 0; i < chunk.Length; i++)
                {
                    results[chunk[i].Row] = LedgerResponses.Row(chunk[i].Row + 1, chunk[i].Command.DisbursementId, outcomes[i]);
                }
            });

        return TypedResults.Ok(new PaymentListReport(id, rows.Count, results.Count(r => r.Status == "accepted"), results.Count(r => r.Status == "rejected"), results));
    }

    /// <summary>The row as a command, or which field is wrong and why; <c>AmountRefused</c>: the amount is no decimal string (the reason is to be worded in the program's currency).</summary>
    private static (DisburseCommand? Command, string? Field, string? Error, bool AmountRefused) ToCommand(DisbursementRequestBody row, PseudonymKey pseudonyms)
    {
        if (!Identifiers.IsValid(row.Id))
        {
            return (null, "id", Identifiers.Rule, false);
        }

        if (!Identifiers.IsValid(row.Budget))
        {
            return (null, "budget", Identifiers.Rule, false);
        }

        if (row.Tranche is not null && !Identifiers.IsValid(row.Tranche))
        {
            return (null, "tranche", Identifiers.Rule, false);
        }

        if (row.Counterparty is not null && !Identifiers.IsValid(row.Counterparty))
        {
            return (null, "counterparty", "a counterparty id as POST /api/counterparties gave it (cpty-…).", false);
        }

        if (string.IsNullOrWhiteSpace(row.Amount))
        {
            return (null, "amount", "the amount is a decimal string, e.g. \"25.00\".", false);
        }

        if (!AgencyReference.TryNormalize(row.Beneficiary, out string? reference, out string? error))
        {
            return (null, "beneficiary", $"the beneficiary reference {error} (at most {AgencyReference.MaxLength} characters, trimmed).", false);
        }

        // Read once: the amount crosses every grain call as it is read here (a refusal is worded in the program's currency).
        if (!DecimalAmount.TryParse(row.Amount, out DecimalAmount amount, out string? reason))
        {
            return (null, "amount", reason, true);
        }

        string pseudonym = pseudonyms.Derive(reference).Value;
        return (new DisburseCommand(row.Id, row.Budget, row.Tranche, pseudonym, amount, row.Sector, row.Modality, row.Period, row.Counterparty), null, null, false);
    }

    private static IBeneficiaryProgramGrain Program(GrainReferenceCache grains, string id) => grains.Get<IBeneficiaryProgramGrain>(id);
}

/// <summary>A beneficiary as enrolled: its pseudonym and the log entry.</summary>
internal sealed record EnrolledBeneficiary(string Pseudonym, RecordedEntry Recorded);

/// <summary>The result report of a payment list.</summary>
internal sealed record PaymentListReport(string Program, int Rows, int Accepted, int Rejected, RowResult[] Results);
