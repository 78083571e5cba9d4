namespace OversightLedger.Server.Access;

/// <summary>
/// The request rate limits (configuration section <c>RateLimits</c>), each a token bucket of that many requests per
/// second, refilled every second; 0 turns a limit off. They count the requests of one server process (one silo).
/// </summary>
public sealed class RateLimitSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RateLimits";

    /// <summary>
    /// Requests per second one API key may make (counted by the key presented, valid or not). Default 2,000: well above
    /// what a partner's own systems send (a payment list of 100,000 rows is one request), and below what one server
    /// answers (about 7,300 single disbursements a second on 2 cores), so one key cannot take the whole server.
    /// </summary>
    public int PerKeyPerSecond { get; set; } = 2_000;

    /// <summary>Requests per second one client address may make, with or without a key. Default 5,000.</summary>
    public int PerAddressPerSecond { get; set; } = 5_000;

    /// <summary>
    /// Reads (GET, HEAD) of the public log under <c>/log/</c> per second and client address. Default 0: unlimited, since
    /// tiles are cacheable static files that auditors and witnesses read in bulk.
    /// </summary>
    public int LogReadsPerAddressPerSecond { get; set; }
}
