using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OversightLedger.Grains.Access;
using OversightLedger.Server.Jobs;

namespace OversightLedger.Server.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer olk_…</c> (or <c>X-Api-Key</c>) against the hashed key registry.
/// A validated key is cached for 30 seconds, so a revocation takes effect within that time. Under the Hangfire
/// dashboard's path only, a browser may give the key as the password of HTTP Basic credentials, which it is asked for
/// there (<see cref="HangfireDashboardSetup"/>).
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

        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && HangfireDashboardSetup.IsDashboardRequest(request))
        {
            return BasicPassword(authorization["Basic ".Length..].Trim());
        }

        string? header = request.Headers["X-Api-Key"];
        return string.IsNullOrWhiteSpace(header) ? null : header.Trim();
    }

    /// <summary>An unauthenticated dashboard request asks the browser for the key (HTTP Basic); the API's requests are not asked.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (HangfireDashboardSetup.IsDashboardRequest(Request))
        {
            Response.Headers.WWWAuthenticate = $"Basic realm=\"{HangfireDashboardSetup.Realm}\", charset=\"UTF-8\"";
        }

        return base.HandleChallengeAsync(properties);
    }

    /// <summary>The password of HTTP Basic credentials (<c>base64(user:password)</c>), or null if they are malformed or it is empty.</summary>
    private static string? BasicPassword(string encoded)
    {
        Span<byte> decoded = stackalloc byte[512];
        if (encoded.Length > 680 || !Convert.TryFromBase64String(encoded, decoded, out int length))
        {
            return null;
        }

        string credentials;
        try
        {
            credentials = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(decoded[..length]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        int colon = credentials.IndexOf(':', StringComparison.Ordinal);
        string password = colon < 0 ? string.Empty : credentials[(colon + 1)..].Trim();
        return password.Length == 0 ? null : password;
    }
}
