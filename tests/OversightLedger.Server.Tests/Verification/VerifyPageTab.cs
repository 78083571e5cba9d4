using System.Text.Json;
using OversightLedger.Reporting.Tests.Rendering;
using PuppeteerSharp;

namespace OversightLedger.Server.Tests.Verification;

/// <summary>
/// The /verify page of a server open in a fresh headless Chromium (its own profile, so nothing is pinned at first):
/// fills fields, clicks, waits for the verdict and reads it from the DOM. Console errors, page errors and requests
/// to anywhere but the server are collected in <see cref="Errors"/>.
/// </summary>
internal sealed class VerifyPageTab : IAsyncDisposable
{
    /// <summary>A desk's screen.</summary>
    public static readonly ViewPortOptions Desktop = new() { Width = 1280, Height = 900 };

    /// <summary>A phone's screen.</summary>
    public static readonly ViewPortOptions Phone = new() { Width = 390, Height = 844, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true };

    private const string VerdictProbe = """
        () => {
          const verdict = document.getElementById('verdict');
          const facts = {};
          const terms = verdict.querySelectorAll('#verdict-facts dt');
          terms.forEach(dt => { facts[dt.textContent] = dt.nextElementSibling ? dt.nextElementSibling.textContent : ''; });
          return {
            state: verdict.dataset.state,
            title: document.getElementById('verdict-title').textContent,
            detail: document.getElementById('verdict-detail').textContent,
            checks: Array.from(verdict.querySelectorAll('#verdict-checks li')).map(li => ({ step: li.dataset.step, ok: li.dataset.ok, text: li.textContent })),
            facts,
            text: verdict.innerText,
          };
        }
        """;

    private readonly IBrowser _browser;
    private readonly IPage _tab;
    private readonly Uri _server;
    private readonly List<string> _errors = [];

    private VerifyPageTab(IBrowser browser, IPage tab, Uri server)
    {
        _browser = browser;
        _tab = tab;
        _server = server;
    }

    /// <summary>Console errors and warnings, page errors, failed requests and requests away from the server.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The tab, for what this class does not wrap.</summary>
    public IPage Tab => _tab;

    /// <summary>Starts Chromium and opens <paramref name="pathAndQuery"/> on <paramref name="server"/>; <paramref name="beforeScripts"/> runs before the page's own.</summary>
    public static async Task<VerifyPageTab> OpenAsync(Uri server, string pathAndQuery, ViewPortOptions viewport, string? beforeScripts = null)
    {
        IBrowser browser = await HeadlessChromium.LaunchAsync();
        IPage tab = await browser.NewPageAsync();
        var page = new VerifyPageTab(browser, tab, server);
        tab.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning)
            {
                page._errors.Add($"console {e.Message.Type}: {e.Message.Text}");
            }
        };
        tab.PageError += (_, e) => page._errors.Add($"page error: {e.Message}");
        tab.RequestFailed += (_, e) => page._errors.Add($"request failed: {e.Request.Url}");
        tab.Request += (_, e) =>
        {
            if (!e.Request.Url.StartsWith(server.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
            {
                page._errors.Add($"the page requested {e.Request.Url}");
            }
        };
        await tab.SetViewportAsync(viewport);
        if (beforeScripts is not null)
        {
            await tab.EvaluateExpressionOnNewDocumentAsync(beforeScripts);
        }

        await page.GoToAsync(pathAndQuery);
        return page;
    }

    /// <summary>Opens <paramref name="pathAndQuery"/> and waits until the page's script has started.</summary>
    public async Task GoToAsync(string pathAndQuery)
    {
        IResponse response = await _tab.GoToAsync(new Uri(_server, pathAndQuery).AbsoluteUri, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 60_000 });
        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"{pathAndQuery} answered {response?.Status}");
        }

        await _tab.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'", new WaitForFunctionOptions { Timeout = 30_000 });
    }

    /// <summary>Sets a field's value, as a paste would.</summary>
    public Task FillAsync(string id, string value) =>
        _tab.EvaluateFunctionAsync("(id, value) => { document.getElementById(id).value = value; }", id, value);

    /// <summary>Enters the keys and clicks "Pin these keys"; returns the pin status's state and text.</summary>
    public async Task<(string State, string Text)> PinAsync(string logKey, IEnumerable<string> witnessKeys, int quorum)
    {
        await FillAsync("log-key", logKey);
        await FillAsync("witness-keys", string.Join('\n', witnessKeys));
        await FillAsync("quorum", quorum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _tab.EvaluateExpressionAsync("document.getElementById('pin-status').dataset.state = 'waiting'");
        await _tab.ClickAsync("#pin");
        await _tab.WaitForFunctionAsync("() => document.getElementById('pin-status').dataset.state !== 'waiting'", new WaitForFunctionOptions { Timeout = 30_000 });
        return await PinStatusAsync();
    }

    /// <summary>The pin status's state and text.</summary>
    public async Task<(string State, string Text)> PinStatusAsync()
    {
        JsonElement status = await _tab.EvaluateExpressionAsync<JsonElement>(
            "({ state: document.getElementById('pin-status').dataset.state || '', text: document.getElementById('pin-status').textContent })");
        return (status.GetProperty("state").GetString()!, status.GetProperty("text").GetString()!);
    }

    /// <summary>Clicks "Verify" and waits for the verdict.</summary>
    public async Task<VerifyVerdict> VerifyAsync()
    {
        await _tab.EvaluateExpressionAsync("document.getElementById('verdict').dataset.state = 'idle'");
        await _tab.ClickAsync("#verify");
        return await VerdictAsync();
    }

    /// <summary>Waits until the verdict is in, then reads it.</summary>
    public async Task<VerifyVerdict> VerdictAsync()
    {
        await _tab.WaitForFunctionAsync(
            "() => !['idle', 'working'].includes(document.getElementById('verdict').dataset.state)", new WaitForFunctionOptions { Timeout = 30_000 });
        return VerifyVerdict.From(await _tab.EvaluateFunctionAsync<JsonElement>(VerdictProbe));
    }

    /// <summary>The page's scroll width, the viewport's width, and the verdict's right edge, in CSS pixels.</summary>
    public async Task<(double ScrollWidth, double InnerWidth, double VerdictRight)> LayoutAsync()
    {
        JsonElement layout = await _tab.EvaluateExpressionAsync<JsonElement>(
            "({ scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth, right: document.getElementById('verdict').getBoundingClientRect().right })");
        return (layout.GetProperty("scroll").GetDouble(), layout.GetProperty("inner").GetDouble(), layout.GetProperty("right").GetDouble());
    }

    /// <summary>Saves a full-page PNG to <c>artifacts/screenshots/</c>; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        string path = Path.Combine(RepositoryFolders.Screenshots, name);
        File.Delete(path);
        await _tab.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _tab.DisposeAsync();
        await _browser.DisposeAsync();
    }
}
