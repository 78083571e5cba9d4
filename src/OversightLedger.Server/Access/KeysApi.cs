using System.ComponentModel.DataAnnotations;
using OversightLedger.Grains.Access;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Access;

/// <summary>Admin-only management of API keys: a key is shown once, when it is created.</summary>
internal static class KeysApi
{
    private static readonly Dictionary<string, AccessRole> RolesByName = new(StringComparer.Ordinal)
    {
        ["admin"] = AccessRole.Admin,
        ["donor"] = AccessRole.Donor,
        ["agency"] = AccessRole.Agency,
        ["watchdog"] = AccessRole.Watchdog,
        ["compliance"] = AccessRole.Compliance,
    };

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder keys = routes.MapGroup("/api/keys").WithTags("API keys").RequireAuthorization(AccessSetup.AdminPolicy);
        keys.MapPost("/", CreateAsync).WithSummary("Create an API key for a role and the principal it acts for (shown once).");
        keys.MapGet("/", ListAsync).WithSummary("List API keys (ids, roles, principals; never the keys).");
        keys.MapDelete("/{keyId}", RevokeAsync).WithSummary("Revoke an API key.");
        return routes;
    }

    private static async Task<IResult> CreateAsync(CreateKeyRequest request, IGrainFactory grains)
    {
        // By name only: Enum.TryParse also takes "0" or "1,2", and "0" is admin.
        if (!RolesByName.TryGetValue(request.Role ?? string.Empty, out AccessRole role))
        {
            return Problems.Validation("role", "role must be one of admin, donor, agency, watchdog, compliance.");
        }

        if (!Identifiers.IsValid(request.Principal))
        {
            return Problems.Validation("principal", Identifiers.Rule);
        }

        if (request.Scope is not null && (role != AccessRole.Compliance || !Identifiers.IsValid(request.Scope)))
        {
            return Problems.Validation("scope", role != AccessRole.Compliance
                ? "only a compliance key has a scope (the agency whose counterparties it reviews)."
                : "the scope is the principal of the agency whose counterparties the key reviews; " + Identifiers.Rule);
        }

        string key = ApiKeys.Generate();
        AccessKeyRecord record = await grains.GetGrain<IAccessKeyRegistryGrain>(AccessKeyRegistry.Key)
            .RegisterScopedAsync(ApiKeys.NewKeyId(), ApiKeys.Hash(key), role, request.Principal, request.Scope);
        return TypedResults.Created($"/api/keys/{record.KeyId}", new CreatedKeyResponse(record.KeyId, key, role.ToString().ToLowerInvariant(), record.Principal, record.Scope));
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        AccessKeyRecord[] records = await grains.GetGrain<IAccessKeyRegistryGrain>(AccessKeyRegistry.Key).ListAsync();
        return TypedResults.Ok(records.Select(r => new KeySummary(r.KeyId, r.Role.ToString().ToLowerInvariant(), r.Principal, r.CreatedAt, r.Revoked, r.Scope)));
    }

    private static async Task<IResult> RevokeAsync(string keyId, IGrainFactory grains) =>
        await grains.GetGrain<IAccessKeyRegistryGrain>(AccessKeyRegistry.Key).RevokeAsync(keyId)
            ? TypedResults.NoContent()
            : Problems.NotFound("key", keyId);
}

/// <summary>A request to create an API key; a compliance key may name a <see cref="Scope"/> (one agency; absent: the whole ledger).</summary>
internal sealed record CreateKeyRequest([property: Required] string Role, [property: Required] string Principal, string? Scope = null);

/// <summary>A new API key, shown once.</summary>
internal sealed record CreatedKeyResponse(string KeyId, string Key, string Role, string Principal, string? Scope);

/// <summary>A stored API key, without the key.</summary>
internal sealed record KeySummary(string KeyId, string Role, string Principal, DateTimeOffset CreatedAt, bool Revoked, string? Scope);
