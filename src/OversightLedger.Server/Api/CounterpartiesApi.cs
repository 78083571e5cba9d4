using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Grains;
using OversightLedger.Grains.Counterparties;
using OversightLedger.Grains.Ledger;
using OversightLedger.Server.Access;
using OversightLedger.Server.Beneficiaries;

namespace OversightLedger.Server.Api;

/// <summary>
/// Counterparties (DESIGN §5.10): an agency registers the organisations it pays or pays through; each is screened at once
/// against the sanctions lists in force; a hit blocks payments naming it until a compliance key clears it. The name is
/// in this private API (to its agency, compliance and admins), never in the log.
/// </summary>
internal static class CounterpartiesApi
{
    /// <summary>The most characters of a reviewer's reason.</summary>
    public const int MaxReasonLength = 1024;

    public static IEndpointRouteBuilder MapCounterpartiesApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder counterparties = routes.MapGroup("/api/counterparties").WithTags("Counterparties and screening");
        counterparties.MapPost("/", RegisterAsync).RequireAuthorization(AccessSetup.AgencyOnlyPolicy)
            .WithSummary("Register a counterparty of the calling agency; it is screened at once (only a keyed pseudonym of the name is logged).");
        counterparties.MapGet("/{id}", GetAsync).RequireAuthorization(AccessSetup.ScreeningPolicy)
            .WithSummary("A counterparty with its screening result, matched list entries and why (its agency, compliance, admins).");
        counterparties.MapPost("/{id}/screening/clear", (string id, ScreeningReviewRequest request, ClaimsPrincipal user, GrainReferenceCache grains) => ReviewAsync(id, request, user, grains, clear: true))
            .RequireAuthorization(AccessSetup.CompliancePolicy)
            .WithSummary("Clear a screening hit as a false positive (compliance keys only; the reason is logged as its SHA-256).");
        counterparties.MapPost("/{id}/screening/confirm", (string id, ScreeningReviewRequest request, ClaimsPrincipal user, GrainReferenceCache grains) => ReviewAsync(id, request, user, grains, clear: false))
            .RequireAuthorization(AccessSetup.CompliancePolicy)
            .WithSummary("Confirm a screening hit: the counterparty stays blocked (compliance keys only).");
        return routes;
    }

    private static async Task<IResult> RegisterAsync(RegisterCounterpartyRequest request, ClaimsPrincipal user, GrainReferenceCache grains, PseudonymKey pseudonyms, TimeProvider time)
    {
        if (!CounterpartyKinds.TryParse(request.Kind, out _))
        {
            return Problems.Validation("kind", $"the kind is one of {CounterpartyKinds.Names}.");
        }

        (string? field, string? error) = ScreeningInput.Check(request.Name, request.Country, request.DateOfBirth, request.RegistrationNumber, time, out _);
        if (field is not null)
        {
            return Problems.Validation(field, error!);
        }

        string name = request.Name.Trim();
        string? country = request.Country?.Trim(), registration = request.RegistrationNumber?.Trim();
        string id = pseudonyms.CounterpartyId(user.PrincipalOf(), request.Kind, CounterpartyName.Normalize(name, "name"), country, request.DateOfBirth, registration);
        var command = new RegisterCounterpartyCommand(request.Kind, pseudonyms.DeriveCounterparty(name).Value, name, country, request.DateOfBirth, registration);
        CounterpartyRegistration outcome = await grains.Get<ICounterpartyGrain>(id).RegisterAsync(LedgerResponses.ActorOf(user), command);
        return outcome.Result.Accepted
            ? TypedResults.Created($"/api/counterparties/{id}", new RegisteredCounterparty(outcome.View!, LedgerResponses.Recorded(outcome.Result)))
            : LedgerResponses.ToHttp(outcome.Result);
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, GrainReferenceCache grains)
    {
        if (!Identifiers.IsValid(id) || await grains.Get<ICounterpartyGrain>(id).GetAsync() is not { } view)
        {
            return Problems.NotFound("counterparty", id);
        }

        return MaySee(user, view.Agency) ? TypedResults.Ok(view) : Problems.Forbidden($"The counterparty '{id}' belongs to another agency.");
    }

    private static async Task<IResult> ReviewAsync(string id, ScreeningReviewRequest request, ClaimsPrincipal user, GrainReferenceCache grains, bool clear)
    {
        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("counterparty", id);
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReasonLength || request.Reason.Any(char.IsSurrogate) && !IsWellFormed(request.Reason))
        {
            return Problems.Validation("reason", $"the reason is a non-blank text of at most {MaxReasonLength} characters (only its SHA-256 is logged).");
        }

        string digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Reason)));
        LedgerResult result = await grains.Get<ICounterpartyGrain>(id).ReviewAsync(new ComplianceReviewer(user.PrincipalOf(), user.ScopeOf()), clear, digest);
        return LedgerResponses.ToHttp(result);
    }

    /// <summary>Its agency, an admin, or a compliance key whose scope covers the agency.</summary>
    private static bool MaySee(ClaimsPrincipal user, string agency) =>
        user.IsAdmin()
        || (user.IsAgency() && user.PrincipalOf() == agency)
        || (user.IsCompliance() && (user.ScopeOf() is null || user.ScopeOf() == agency));

    private static bool IsWellFormed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A registered counterparty: its view (with the screening result) and the registration entry.</summary>
internal sealed record RegisteredCounterparty(CounterpartyView Counterparty, RecordedEntry Recorded);
