using System.Text.Json;
using OversightLedger.Reporting.Rendering;
using OversightLedger.Reporting.Tests.Rendering;
using OversightLedger.Reporting.Tests.TestSupport;
using PuppeteerSharp;

namespace OversightLedger.Reporting.Tests;

/// <summary>
/// The HTML report opened from disk in a real headless Chromium (Debian's, driven by PuppeteerSharp) at a phone's and
/// a desk's viewport: the charts render with visible marks, nothing errs in the console, nothing overflows sideways, and a
/// full-page screenshot is kept as a CI artefact in <c>artifacts/screenshots/</c>.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Browser)]
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task On_a_phone_the_charts_render_nothing_errs_or_overflows_and_a_screenshot_is_saved()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        string quarter = scenario.Report.Quarter.ToString();
        string screenshot = Path.Combine(RepositoryFolders.Screenshots, $"report-{quarter}.png");
        File.Delete(screenshot);

        PageCheck check = await OpenAsync(scenario, new ViewPortOptions { Width = 390, Height = 844, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true }, screenshot);

        Assert.Empty(check.Errors);
        Assert.True(check.ScrollWidth <= check.InnerWidth, $"the page is {check.ScrollWidth}px wide in a {check.InnerWidth}px viewport");
        Assert.Equal(390, check.InnerWidth);
        Assert.Equal(7, check.Charts.Count);
        Assert.All(check.Charts, chart =>
        {
            Assert.True(chart.Width > 100 && chart.Height > 50, $"{chart.Id} renders at {chart.Width}x{chart.Height}");
            Assert.True(chart.Width <= check.InnerWidth, $"{chart.Id} is {chart.Width}px wide");
            Assert.True(chart.Marks > 0, $"{chart.Id} draws no visible bar");
            Assert.True(chart.Texts > 0, $"{chart.Id} has no text");
        });
        Assert.Equal(scenario.Report.Budgets.Count, check.BudgetRows);
        Assert.Equal(scenario.Report.Programs.Count, check.ProgramRows);
        Assert.Contains("oversight verify log --log https://ledger.example.org/log --vkey '" + scenario.VerifierKey + "'", check.Commands);
        Assert.Contains(RenderingScenario.ScriptSummary, check.FindingsText, StringComparison.Ordinal);
        Assert.False(check.InjectedScript, "the finding's <script> became an element");

        byte[] png = await File.ReadAllBytesAsync(screenshot, TestContext.Current.CancellationToken);
        Assert.True(png.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']), "the screenshot is a PNG");
        Assert.True(png.Length > 20_000, $"the screenshot is only {png.Length} bytes");
    }

    [Fact]
    public async Task On_a_desk_screen_the_charts_sit_side_by_side_and_nothing_overflows()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        string screenshot = Path.Combine(RepositoryFolders.Screenshots, $"report-{scenario.Report.Quarter}-desktop.png");

        PageCheck check = await OpenAsync(scenario, new ViewPortOptions { Width = 1280, Height = 900 }, screenshot);

        Assert.Empty(check.Errors);
        Assert.True(check.ScrollWidth <= check.InnerWidth, $"the page is {check.ScrollWidth}px wide in a {check.InnerWidth}px viewport");
        Assert.All(check.Charts, chart => Assert.True(chart.Marks > 0 && chart.Width > 300, $"{chart.Id}: {chart.Width}px, {chart.Marks} marks"));
        Assert.True(check.Charts.Select(c => c.Top).Distinct().Count() < check.Charts.Count, "at 1280px some charts share a row");
    }

    private async Task<PageCheck> OpenAsync(RenderingScenario scenario, ViewPortOptions viewport, string screenshot)
    {
        string page = _temp.File($"{scenario.Report.Quarter}.html");
        await File.WriteAllBytesAsync(page, ReportHtmlWriter.Write(scenario.Report, HtmlReportWriterTests.Options(scenario)), TestContext.Current.CancellationToken);

        await using IBrowser browser = await HeadlessChromium.LaunchAsync();
        await using IPage tab = await browser.NewPageAsync();
        List<string> errors = [];
        tab.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning)
            {
                errors.Add($"console {e.Message.Type}: {e.Message.Text}");
            }
        };
        tab.PageError += (_, e) => errors.Add($"page error: {e.Message}");
        tab.RequestFailed += (_, e) => errors.Add($"request failed: {e.Request.Url}");
        tab.Request += (_, e) =>
        {
            if (!e.Request.Url.StartsWith("file://", StringComparison.Ordinal))
            {
                errors.Add($"the page requested {e.Request.Url}");
            }
        };
        await tab.SetViewportAsync(viewport);
        IResponse response = await tab.GoToAsync(new Uri(page).AbsoluteUri, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 60_000 });
        Assert.NotNull(response);

        JsonElement result = await tab.EvaluateFunctionAsync<JsonElement>(MeasureScript);
        await tab.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        return PageCheck.From(result, errors);
    }

    private const string MeasureScript = """
        () => {
          const visible = e => {
            const b = e.getBoundingClientRect();
            const style = getComputedStyle(e);
            const fill = (e.getAttribute('fill') || style.fill || '').toLowerCase();
            return b.width > 0 && b.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
              && fill !== 'none' && fill !== 'white' && fill !== '#ffffff' && fill !== 'rgb(255, 255, 255)';
          };
          const charts = Array.from(document.querySelectorAll('svg.chart')).map(svg => {
            const r = svg.getBoundingClientRect();
            return {
              id: svg.id, width: r.width, height: r.height, top: Math.round(r.top + window.scrollY),
              marks: Array.from(svg.querySelectorAll('rect, path')).filter(visible).length,
              texts: Array.from(svg.querySelectorAll('text')).filter(t => t.getBoundingClientRect().width > 0).length,
            };
          });
          return {
            scrollWidth: document.scrollingElement.scrollWidth,
            innerWidth: window.innerWidth,
            charts,
            budgetRows: document.querySelectorAll('#budgets-table tbody tr').length,
            programRows: document.querySelectorAll('#programs-table tbody tr').length,
            commands: Array.from(document.querySelectorAll('code.command')).map(c => c.textContent),
            findingsText: document.querySelector('#findings-table').textContent,
            injectedScript: document.querySelectorAll('script, b').length > 0,
          };
        }
        """;

    private sealed record ChartBox(string Id, double Width, double Height, double Top, int Marks, int Texts);

    private sealed record PageCheck(
        IReadOnlyList<string> Errors, double ScrollWidth, double InnerWidth, IReadOnlyList<ChartBox> Charts, int BudgetRows, int ProgramRows,
        IReadOnlyList<string> Commands, string FindingsText, bool InjectedScript)
    {
        public static PageCheck From(JsonElement result, IReadOnlyList<string> errors) => new(
            errors,
            result.GetProperty("scrollWidth").GetDouble(),
            result.GetProperty("innerWidth").GetDouble(),
            [.. result.GetProperty("charts").EnumerateArray().Select(c => new ChartBox(
                c.GetProperty("id").GetString()!, c.GetProperty("width").GetDouble(), c.GetProperty("height").GetDouble(),
                c.GetProperty("top").GetDouble(), c.GetProperty("marks").GetInt32(), c.GetProperty("texts").GetInt32()))],
            result.GetProperty("budgetRows").GetInt32(),
            result.GetProperty("programRows").GetInt32(),
            [.. result.GetProperty("commands").EnumerateArray().Select(c => c.GetString()!)],
            result.GetProperty("findingsText").GetString()!,
            result.GetProperty("injectedScript").GetBoolean());
    }
}
