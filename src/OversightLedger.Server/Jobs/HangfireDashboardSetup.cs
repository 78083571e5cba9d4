using Hangfire;
using OversightLedger.Server.Access;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// The Hangfire dashboard at <see cref="Path"/>, for admin keys only (no read-only view for other roles). A script sends
/// the key as everywhere else (<c>Authorization: Bearer olk_…</c>); a browser, which cannot add that header, is asked
/// for HTTP Basic credentials under <see cref="Path"/> only, and the admin gives the key as the password (any user
/// name; see <see cref="ApiKeyAuthenticationHandler"/>). Because a browser then resends the credentials by itself, the
/// dashboard's POST actions (retry, delete, trigger, its statistics) also need its antiforgery token (a header its
/// pages send, checked against a SameSite=Strict, HttpOnly cookie): a page of another site cannot act with them.
/// </summary>
internal static class HangfireDashboardSetup
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/hangfire";

    /// <summary>The realm the browser shows when it asks for the admin key.</summary>
    public const string Realm = "OversightLedger jobs (user: anything, password: an admin API key)";

    public static IServiceCollection AddHangfireDashboardAccess(this IServiceCollection services) =>
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "oversight-hangfire-antiforgery";
            antiforgery.Cookie.Path = Path;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

    public static IEndpointRouteBuilder MapHangfireDashboardForAdmins(this IEndpointRouteBuilder routes)
    {
        var options = new DashboardOptions
        {
            DashboardTitle = "OversightLedger jobs",
            AppPath = null,
            DisplayStorageConnectionString = false,
            IgnoreAntiforgeryToken = false,
            Authorization = [new AdminDashboardAuthorization()],
            AsyncAuthorization = [],
        };
        routes.MapHangfireDashboard(Path, options).RequireAuthorization(AccessSetup.AdminPolicy).ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// Hangfire reads a dashboard POST's body as a form and fails (500) on any other content type: such a request, once
    /// authorised (an anonymous one still gets 401), is refused with 415 before it reaches the dashboard.
    /// </summary>
    public static IApplicationBuilder UseHangfireDashboardFormCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && IsDashboardRequest(context.Request) && !context.Request.HasFormContentType)
            {
                await TypedResults.Problem(
                    detail: "The dashboard's actions take a form (Content-Type: application/x-www-form-urlencoded).",
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "The request body's media type is not supported.",
                    type: Problems.TypeBase + "unsupported-media-type").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>Whether <paramref name="request"/> is for the dashboard (where a key may come as HTTP Basic credentials).</summary>
    public static bool IsDashboardRequest(HttpRequest request) => request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase);
}
