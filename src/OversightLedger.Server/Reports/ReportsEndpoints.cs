using System.Net;
using System.Text;
using OversightLedger.Grains.Reports;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Reports;

/// <summary>
/// The published reports at stable public URLs: <c>/reports/</c> (an index page), <c>/reports/index.json</c>,
/// <c>/reports/2026-Q4.html|.json|.csv|.xml</c> (the files a <c>ReportPublished</c> entry names by hash), and
/// <c>/reports/quarter-to-date.html|…</c> (the current quarter so far, not published).
/// </summary>
internal static class ReportsEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["html"] = "text/html; charset=utf-8",
        ["json"] = "application/json",
        ["csv"] = "text/csv; charset=utf-8",
        ["xml"] = "application/xml",
    };

    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder reports = routes.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/", IndexAsync).WithSummary("The published quarterly reports, with links and file hashes (public).");
        reports.MapGet("/index.json", IndexJsonAsync).WithSummary("The published quarterly reports as JSON (public).");
        reports.MapGet("/{file}", FileAsync).WithSummary("A report file: 2026-Q4.html, .json, .csv or .xml; quarter-to-date.* for the current quarter so far (public).");
        return routes;
    }

    private static async Task<IResult> IndexJsonAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IReportCatalogGrain>(IReportCatalogGrain.Key).ListAsync());

    private static async Task<IResult> IndexAsync(IGrainFactory grains)
    {
        ReportPublication[] publications = await grains.GetGrain<IReportCatalogGrain>(IReportCatalogGrain.Key).ListAsync();
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Transparency reports</title><style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:auto;padding:1rem}")
            .Append("code{word-break:break-all;font-size:.8rem}li{margin:.5rem 0}</style></head><body><h1>Quarterly transparency reports</h1>");
        html.Append("<p>Each report is computed from the public log at the checkpoint it cites; the SHA-256 of every file is in the log ")
            .Append("as a <code>ReportPublished</code> entry. Check one with <code>oversight replay</code>.</p><ul>");
        foreach (ReportPublication publication in publications.Reverse())
        {
            string quarter = WebUtility.HtmlEncode(publication.Quarter);
            html.Append("<li><strong>").Append(quarter).Append("</strong> — ");
            html.AppendJoin(" · ", publication.Files.Select(f => $"<a href=\"{WebUtility.HtmlEncode(f.Name)}\">{WebUtility.HtmlEncode(Path.GetExtension(f.Name).TrimStart('.'))}</a>"));
            html.Append("<br>published at leaf ").Append(publication.LeafIndex).Append(", figures at checkpoint size ").Append(publication.CheckpointSize)
                .Append(", root <code>").Append(WebUtility.HtmlEncode(publication.CheckpointRoot)).Append("</code></li>");
        }

        if (publications.Length == 0)
        {
            html.Append("<li>No quarter has ended since the log began.</li>");
        }

        html.Append("</ul><p><a href=\"quarter-to-date.html\">The current quarter so far</a> (not yet published).</p></body></html>");
        return TypedResults.Text(html.ToString(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> FileAsync(string file, IGrainFactory grains, IReportStore store, QuarterToDateReports quarterToDate, CancellationToken cancellationToken)
    {
        string name = Path.GetFileNameWithoutExtension(file), extension = Path.GetExtension(file).TrimStart('.');
        if (!ContentTypes.TryGetValue(extension, out string? contentType))
        {
            return Problems.NotFound("report file", file);
        }

        if (name == "quarter-to-date")
        {
            return await quarterToDate.GetAsync(extension, cancellationToken) is { } soFar
                ? TypedResults.Bytes(soFar, contentType)
                : Problems.NotFound("report file", file);
        }

        if (!Reporting.Model.ReportQuarter.TryParse(name, out Reporting.Model.ReportQuarter quarter)
            || await grains.GetGrain<IReportPublisherGrain>(quarter.ToString()).GetAsync() is not { } publication)
        {
            return Problems.NotFound("report", name);
        }

        ReportFile entry = publication.Files.Single(f => f.Name == $"{quarter}.{extension}");
        byte[] content = await store.GetAsync(entry.Sha256, cancellationToken)
            ?? throw new InvalidOperationException($"The {entry.Name} published at leaf {publication.LeafIndex} (SHA-256 {entry.Sha256}) is missing from the report store.");
        return TypedResults.Bytes(content, contentType);
    }
}
