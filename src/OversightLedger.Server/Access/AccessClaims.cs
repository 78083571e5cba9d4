using System.Security.Claims;
using OversightLedger.Grains.Access;

namespace OversightLedger.Server.Access;

/// <summary>The claims an API key gives a request, and how endpoints read them.</summary>
internal static class AccessClaims
{
    public const string Principal = "oversight:principal";
    public const string KeyId = "oversight:key";
    public const string Scope = "oversight:scope";
    public const string Scheme = "ApiKey";

    public static ClaimsPrincipal For(AccessKeyRecord record) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Role, record.Role.ToString()),
                new Claim(Principal, record.Principal),
                new Claim(KeyId, record.KeyId),
                .. record.Scope is null ? Array.Empty<Claim>() : [new Claim(Scope, record.Scope)],
            ],
            Scheme));

    /// <summary>The agency a compliance key is limited to, or null (ledger-wide, or not a compliance key).</summary>
    public static string? ScopeOf(this ClaimsPrincipal user) => user.FindFirstValue(Scope);

    public static bool IsCompliance(this ClaimsPrincipal user) => user.IsInRole(nameof(AccessRole.Compliance));

    public static bool IsAgency(this ClaimsPrincipal user) => user.IsInRole(nameof(AccessRole.Agency));

    public static string PrincipalOf(this ClaimsPrincipal user) => user.FindFirstValue(Principal) ?? string.Empty;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(nameof(AccessRole.Admin));

    /// <summary>Whether the caller may act for <paramref name="owner"/>: its own principal, or an admin.</summary>
    public static bool ActsFor(this ClaimsPrincipal user, string owner) => user.IsAdmin() || user.PrincipalOf() == owner;
}
