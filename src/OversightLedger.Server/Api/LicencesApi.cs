using System.Security.Claims;
using OversightLedger.Grains;
using OversightLedger.Grains.Access;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Licences;
using OversightLedger.Server.Access;
using OversightLedger.Server.Sanctions;

namespace OversightLedger.Server.Api;

/// <summary>
/// Sanctioned jurisdictions and general licences (DESIGN §5.10). Admins and ledger-wide compliance keys (no agency scope)
/// declare jurisdictions sanctioned or lifted and record or amend licences; a budget's owner (or an admin) attaches a
/// licence to the budget. Everyone may read them, as everyone may read the log.
/// </summary>
internal static class LicencesApi
{
    /// <summary>As many as an entry's name list holds.</summary>
    private const int MaxExcludedLists = 64;

    public static IEndpointRouteBuilder MapLicencesApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder jurisdictions = routes.MapGroup("/api/jurisdictions").WithTags("Licences");
        jurisdictions.MapGet("/", ListJurisdictionsAsync).WithSummary("The sanctioned jurisdictions now (public).");
        jurisdictions.MapPost("/", SanctionAsync).RequireAuthorization(LicensingRoles)
            .WithSummary("Declare a country a sanctioned jurisdiction from now: payments into it need a licence (admins, ledger-wide compliance keys).");
        jurisdictions.MapPost("/{country}/lift", LiftAsync).RequireAuthorization(LicensingRoles)
            .WithSummary("Lift a jurisdiction's sanctions from now (admins, ledger-wide compliance keys).");

        RouteGroupBuilder licences = routes.MapGroup("/api/licences").WithTags("Licences");
        licences.MapGet("/", ListAsync).WithSummary("Every general licence with its status now: in-force, not-yet-in-force, expired (public).");
        licences.MapGet("/{id}", GetAsync).WithSummary("One general licence as amended, with its budgets and status (public).");
        licences.MapPost("/", RecordAsync).RequireAuthorization(LicensingRoles)
            .WithSummary("Record a general licence: authority, reference, countries, purposes, counterparty kinds, exclusions, issue and expiry (admins, ledger-wide compliance keys).");
        licences.MapPost("/{id}/amendments", AmendAsync).RequireAuthorization(LicensingRoles)
            .WithSummary("Amend a licence from now: new expiry or scope (admins, ledger-wide compliance keys).");
        licences.MapPost("/{id}/budgets", AttachAsync).RequireAuthorization(AccessSetup.DonorPolicy)
            .WithSummary("Attach a licence to a budget as one of its terms (the budget's owner or an admin).");
        return routes;
    }

    private static void LicensingRoles(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.RequireRole(nameof(AccessRole.Admin), nameof(AccessRole.Compliance));

    private static async Task<IResult> ListJurisdictionsAsync(GrainReferenceCache grains) =>
        TypedResults.Ok(await Registry(grains).ListJurisdictionsAsync());

    private static async Task<IResult> SanctionAsync(SanctionJurisdictionRequest request, ClaimsPrincipal user, GrainReferenceCache grains) =>
        LedgerWide(user) ?? LedgerResponses.ToHttp(await Registry(grains).SanctionJurisdictionAsync(LedgerResponses.ActorOf(user), request.Country, request.Reference));

    private static async Task<IResult> LiftAsync(string country, LiftJurisdictionRequest request, ClaimsPrincipal user, GrainReferenceCache grains) =>
        LedgerWide(user) ?? LedgerResponses.ToHttp(await Registry(grains).LiftJurisdictionAsync(LedgerResponses.ActorOf(user), country, request.Reference));

    private static async Task<IResult> ListAsync(GrainReferenceCache grains, TimeProvider time) =>
        TypedResults.Ok(await Registry(grains).ListAsync(time.GetUtcNow()));

    private static async Task<IResult> GetAsync(string id, GrainReferenceCache grains, TimeProvider time) =>
        Identifiers.IsValid(id) && await Registry(grains).GetAsync(id, time.GetUtcNow()) is { } view ? TypedResults.Ok(view) : Problems.NotFound("licence", id);

    private static async Task<IResult> RecordAsync(RecordLicenceRequest request, ClaimsPrincipal user, GrainReferenceCache grains, SanctionsOptions sanctions)
    {
        if (LedgerWide(user) is { } refused)
        {
            return refused;
        }

        if (!Identifiers.IsValid(request.Id))
        {
            return Problems.Validation("id", Identifiers.Rule);
        }

        if (UnknownList(request.ExcludedLists, sanctions) is { } unknownList)
        {
            return unknownList;
        }

        var command = new RecordLicenceCommand(
            request.Id, request.Authority, request.Reference, request.Countries, request.Sectors ?? [], request.CounterpartyKinds ?? [],
            request.ExcludedCounterparties ?? [], request.Issued, request.Expires, request.ExcludedLists);
        return LedgerResponses.ToHttp(await Registry(grains).RecordAsync(LedgerResponses.ActorOf(user), command));
    }

    private static async Task<IResult> AmendAsync(string id, AmendLicenceRequest request, ClaimsPrincipal user, GrainReferenceCache grains, SanctionsOptions sanctions)
    {
        if (LedgerWide(user) is { } refused)
        {
            return refused;
        }

        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("licence", id);
        }

        if (!Identifiers.IsValid(request.Amendment))
        {
            return Problems.Validation("amendment", Identifiers.Rule);
        }

        if (UnknownList(request.ExcludedLists, sanctions) is { } unknownList)
        {
            return unknownList;
        }

        var command = new AmendLicenceCommand(
            request.Amendment, request.Reference, request.Expires, request.Countries, request.Sectors, request.CounterpartyKinds, request.ExcludedCounterparties,
            request.ExcludedLists);
        return LedgerResponses.ToHttp(await Registry(grains).AmendAsync(LedgerResponses.ActorOf(user), id, command));
    }

    private static async Task<IResult> AttachAsync(string id, AttachLicenceRequest request, ClaimsPrincipal user, GrainReferenceCache grains)
    {
        if (!Identifiers.IsValid(id))
        {
            return Problems.NotFound("licence", id);
        }

        return !Identifiers.IsValid(request.Budget)
            ? Problems.NotFound("budget", request.Budget)
            : LedgerResponses.ToHttp(await Registry(grains).AttachAsync(LedgerResponses.ActorOf(user), id, request.Budget));
    }

    /// <summary>400 when an excluded list is not one this server knows (<see cref="SanctionsListFormats.KnownSources"/>); null when all are.</summary>
    private static IResult? UnknownList(string[]? lists, SanctionsOptions sanctions)
    {
        if (lists is null)
        {
            return null;
        }

        if (lists.Length > MaxExcludedLists)
        {
            return Problems.Validation("excludedLists", $"at most {MaxExcludedLists} lists may be excluded");
        }

        IReadOnlySet<string> known = SanctionsListFormats.KnownSources(sanctions);
        foreach (string? list in lists)
        {
            if (list is null || !known.Contains(list))
            {
                string what = list is null ? "null" : Identifiers.IsValid(list) ? $"'{list}'" : "that name";
                return Problems.Validation("excludedLists", $"{what} is not a sanctions list this server knows; expected one of {string.Join(", ", known)}");
            }
        }

        return null;
    }

    /// <summary>A compliance key scoped to one agency may not act for the whole ledger: 403; null for admins and ledger-wide compliance.</summary>
    private static IResult? LedgerWide(ClaimsPrincipal user) =>
        user.IsAdmin() || (user.IsCompliance() && user.ScopeOf() is null)
            ? null
            : Problems.Forbidden("Only admins and compliance keys without an agency scope record jurisdictions and licences.");

    private static ILicenceRegistryGrain Registry(GrainReferenceCache grains) => grains.Get<ILicenceRegistryGrain>(LicenceRegistryKeys.Ledger);
}
