using Microsoft.Net.Http.Headers;

namespace OversightLedger.Server.Verification;

/// <summary>
/// The headers of every file of the verification page. The policy allows scripts and styles from this server only (no
/// inline script or style, no eval), fetches to this server only, no frames around the page (against clickjacking a
/// "verified"), and Trusted Types with no policy, so the page cannot put a string into HTML even by mistake.
/// </summary>
internal static class VerifyPageHeaders
{
    /// <summary>The content security policy of the page and its files.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers[HeaderNames.CacheControl] = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
    }
}
