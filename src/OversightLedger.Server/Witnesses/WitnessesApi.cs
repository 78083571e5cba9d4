using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Access;
using OversightLedger.Server.Api;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Server.Witnesses;

/// <summary>
/// The witnesses whose cosignatures the log accepts. A watchdog (or admin) key registers a witness it then owns; the
/// list of verifier keys is public, so auditors can check the cosignatures <c>/log/checkpoint</c> carries.
/// </summary>
internal static class WitnessesApi
{
    public static IEndpointRouteBuilder MapWitnessesApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder witnesses = routes.MapGroup("/api/witnesses").WithTags("Witnesses");
        witnesses.MapPost("/", RegisterAsync).RequireAuthorization(AccessSetup.WatchdogPolicy)
            .WithSummary("Register a witness's cosignature/v1 verifier key, owned by the calling watchdog key (the owner may replace the key).");
        witnesses.MapGet("/", ListAsync).WithSummary("Every registered witness and its verifier key (public).");
        witnesses.MapGet("/{name}", GetAsync).WithSummary("One registered witness and its verifier key (public).");
        return routes;
    }

    private static async Task<IResult> RegisterAsync(RegisterWitnessRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(request.Name))
        {
            return Problems.Validation("name", Identifiers.Rule);
        }

        try
        {
            _ = new CosignatureVerifier(request.VerifierKey.Trim());
        }
        catch (FormatException e)
        {
            return Problems.Validation("verifierKey", $"not a cosignature/v1 verifier key <name>+<8 hex>+<base64(0x04 ‖ Ed25519 public key)>: {e.Message}");
        }

        // Ownership of the name (a witness's, or a watchdog's reservation) is decided in the registry's turn.
        WitnessRegistration registration = await Registry(grains).RegisterAsync(request.Name, request.VerifierKey.Trim(), user.PrincipalOf());
        return registration.Outcome switch
        {
            WitnessRegistrationOutcome.Registered => TypedResults.Created($"/api/witnesses/{request.Name}", WitnessView.Of(registration.Record!)),
            WitnessRegistrationOutcome.Unchanged or WitnessRegistrationOutcome.KeyReplaced => TypedResults.Ok(WitnessView.Of(registration.Record!)),
            WitnessRegistrationOutcome.NameTaken => Problems.Forbidden(
                $"The witness name '{request.Name}' belongs to another principal (a witness it registered, or the watchdog of that id)."),
            WitnessRegistrationOutcome.KeyTaken => Problems.Rule(
                "witness-key-taken", $"The witness '{registration.Record!.Name}' is registered with a key of the same name and key hash.", StatusCodes.Status409Conflict),
            _ => throw new InvalidOperationException($"No answer for {registration.Outcome}."),
        };
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok((await Registry(grains).ListAsync()).Select(WitnessView.Of));

    private static async Task<IResult> GetAsync(string name, IGrainFactory grains) =>
        Identifiers.IsValid(name) && await Registry(grains).FindAsync(name) is { } record
            ? TypedResults.Ok(WitnessView.Of(record))
            : Problems.NotFound("witness", name);

    private static IWitnessRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key);
}

/// <summary>A request to register a witness: its name and its cosignature/v1 verifier key.</summary>
internal sealed record RegisterWitnessRequest([property: Required] string Name, [property: Required] string VerifierKey);

/// <summary>A registered witness as the public sees it.</summary>
internal sealed record WitnessView(string Name, string VerifierKey, string Owner, DateTimeOffset RegisteredAt)
{
    public static WitnessView Of(WitnessRecord record) => new(record.Name, record.VerifierKey, record.Owner, record.RegisteredAt);
}
