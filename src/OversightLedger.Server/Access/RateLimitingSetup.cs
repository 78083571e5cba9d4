using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Access;

/// <summary>
/// Rate limits per API key and per client address (ASP.NET Core's rate limiter, <see cref="RateLimitSettings"/>): a
/// request over either answers 429 with <c>Retry-After</c> and a problem-details body, before authentication, so a
/// flood costs no key lookup. Reads of the public log are not limited unless configured.
/// </summary>
internal static class RateLimitingSetup
{
    private const string NoPartition = "";

    public static IServiceCollection AddLedgerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        RateLimitSettings settings = configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerKey(settings), PerAddress(settings));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    public static IApplicationBuilder UseLedgerRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static PartitionedRateLimiter<HttpContext> PerKey(RateLimitSettings settings) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            settings.PerKeyPerSecond > 0 && ApiKeyAuthenticationHandler.ReadKey(context.Request) is { } key
                ? Bucket(ApiKeys.Hash(key), settings.PerKeyPerSecond)
                : RateLimitPartition.GetNoLimiter(NoPartition));

    private static PartitionedRateLimiter<HttpContext> PerAddress(RateLimitSettings settings) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            int limit = IsLogRead(context.Request) ? settings.LogReadsPerAddressPerSecond : settings.PerAddressPerSecond;
            string address = context.Connection.RemoteIpAddress?.ToString() ?? NoPartition;

            // The log's reads get their own buckets, so that limiting them never spends a client's API allowance.
            return limit > 0 ? Bucket((IsLogRead(context.Request) ? "log " : "api ") + address, limit) : RateLimitPartition.GetNoLimiter(NoPartition);
        });

    private static bool IsLogRead(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && request.Path.StartsWithSegments("/log", StringComparison.Ordinal);

    private static RateLimitPartition<string> Bucket(string partition, int perSecond) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        HttpContext context = rejected.HttpContext;
        int seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        IResult problem = TypedResults.Problem(
            detail: $"Too many requests from this API key or address; retry after {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            type: Problems.TypeBase + "rate-limited",
            extensions: new Dictionary<string, object?> { ["code"] = "rate-limited", ["retryAfterSeconds"] = seconds });
        await problem.ExecuteAsync(context);
    }
}
