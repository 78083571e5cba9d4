using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OversightLedger.Grains.Access;

namespace OversightLedger.Server.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer olk_…</c> (or <c>X-Api-Key</c>) against the hashed key registry.
/// A validated key is cached for 30 seconds, so a revocation takes effect within that time.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        string hash = ApiKeys.Hash(key);
        if (!cache.TryGetValue(hash, out AccessKeyRecord? record))
        {
            record = await grains.GetGrain<IAccessKeyRegistryGrain>(AccessKeyRegistry.Key).FindAsync(hash);
            cache.Set(hash, record, CacheTime);
        }

        return record is null
            ? AuthenticateResult.Fail("The API key is not valid.")
            : AuthenticateResult.Success(new AuthenticationTicket(AccessClaims.For(record), Scheme.Name));
    }

    /// <summary>The key a request presents (bearer token or <c>X-Api-Key</c>), not yet validated; also what the rate limit counts by.</summary>
    internal static string? ReadKey(HttpRequest request)
    {
        string? authorization = request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        string? header = request.Headers["X-Api-Key"];
        return string.IsNullOrWhiteSpace(header) ? null : header.Trim();
    }
}
