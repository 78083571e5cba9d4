using PuppeteerSharp;

namespace OversightLedger.Reporting.Tests.Rendering;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>), started headless through PuppeteerSharp. Never downloads a browser:
/// when Chromium is missing the test fails and says how to install it.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Starts the browser.</summary>
    /// <exception cref="InvalidOperationException">Chromium is not installed.</exception>
    public static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: install Debian chromium: apt-get install -y chromium (the CI script scripts/test installs it)");
        }

        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Browser = SupportedBrowser.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check"],
            Timeout = 60_000,
        });
    }
}
