using OversightLedger.Server.Api;

namespace OversightLedger.Server.Verification;

/// <summary>
/// The public verification page: <c>/verify</c> (HTML) and its script and style sheet under <c>/verify/</c>, all
/// embedded in the server and served as they are, with a strict content security policy (<see cref="VerifyPageHeaders"/>).
/// The page reads the disbursement id from its own query string in the browser; the server never echoes a query string
/// into the page, and the page checks the receipt with keys the user pinned, not with anything this server says.
/// </summary>
internal static class VerifyPageEndpoints
{
    /// <summary>The page's path.</summary>
    public const string PagePath = "/verify";

    public static IEndpointRouteBuilder MapVerifyPage(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder page = routes.MapGroup(PagePath).WithTags("Verification page");
        page.MapGet(string.Empty, GetPage)
            .WithSummary("The verification page (HTML, public): checks a disbursement's receipt in the browser against log and witness keys the user pins. `?program=P&id=D` fills in and checks a receipt.");
        page.MapGet("/{asset}", GetAsset)
            .WithSummary("The verification page's script or style sheet (public): receipt-check.js, verify.js, verify.css, favicon.svg.");
        return routes;
    }

    private static IResult GetPage(HttpContext context) => Serve(context, VerifyPageAssets.Page);

    private static IResult GetAsset(string asset, HttpContext context) =>
        VerifyPageAssets.Find(asset) is { } found && found != VerifyPageAssets.Page
            ? Serve(context, found)
            : Problems.NotFound("verification page file", asset);

    private static IResult Serve(HttpContext context, VerifyPageAsset asset)
    {
        VerifyPageHeaders.Apply(context.Response.Headers);
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
