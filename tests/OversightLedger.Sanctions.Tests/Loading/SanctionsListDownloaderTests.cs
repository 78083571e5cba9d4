using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Loading;

/// <summary>The downloader against a real HTTP server on loopback (fast: no child process).</summary>
public sealed class SanctionsListDownloaderTests
{
    private static readonly SanctionsListDownloadOptions Quick = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task AWholeFileIsDownloadedWithItsDigestAndParses()
    {
        byte[] file = ListFiles.UnConsolidated;
        await using var server = ListHttpServer.Start(ListHttpServer.Serving(file));
        using var client = new HttpClient();
        var downloader = new SanctionsListDownloader(client, Quick);
        var address = new Uri(server.Address, "resources/xml/en/consolidated.xml");

        DownloadedSanctionsListFile downloaded = await downloader.DownloadAsync(address, "fallback.xml", TestContext.Current.CancellationToken);
        SanctionsList list = await downloader.DownloadListAsync(address, SanctionsListFormat.UnXml, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(file, downloaded.Content);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), downloaded.Sha256);
        Assert.Equal("consolidated.xml", downloaded.FileName);
        Assert.Equal("\"v1\"", downloaded.ETag);
        Assert.Equal(downloaded.Sha256, list.Version.Sha256);
        Assert.Equal(ListFiles.UnList.Entries.Count, list.Entries.Count);
    }

    [Fact]
    public async Task AnAddressWithoutExtensionGetsTheFormatsFileNameAndAFeedLoadsIt()
    {
        await using var server = ListHttpServer.Start(ListHttpServer.Serving(ListFiles.EuExcerpt));
        using var client = new HttpClient();
        var feed = SanctionsListFeed.FromConfiguration("EU-FSF", "eu-xml", new Uri(server.Address, "fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=x").ToString());

        SanctionsList list = await feed.LoadAsync(new SanctionsListDownloader(client, Quick), TestContext.Current.CancellationToken);

        Assert.True(feed.IsRemote);
        Assert.Equal("xmlFullSanctionsList_1_1.xml", list.Version.Files[0].FileName);
        Assert.Equal(EuConsolidatedXmlParser.Parse(ListFiles.EuExcerpt).Entries.Count, list.Version.EntryCount);
    }

    [Fact]
    public async Task AFeedOnDiskIsReadWithoutTheNetwork()
    {
        using var client = new HttpClient();
        var feed = SanctionsListFeed.FromConfiguration("UN", "un-xml", ListFiles.Path("un", "consolidated.xml"));

        SanctionsList list = await feed.LoadAsync(new SanctionsListDownloader(client), TestContext.Current.CancellationToken);

        Assert.False(feed.IsRemote);
        Assert.Equal(("UN", ListFiles.UnList.Version.Sha256), (list.Version.Source, list.Version.Sha256));
        Assert.Throws<ArgumentException>(() => SanctionsListFeed.FromConfiguration("UN", "un-json", "x"));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task AStatusOutside2xxIsRefused(HttpStatusCode status)
    {
        await using var server = ListHttpServer.Start(ListHttpServer.Serving("<html>not here</html>"u8.ToArray(), status));
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => new SanctionsListDownloader(client, Quick).DownloadAsync(new Uri(server.Address, "consolidated.xml"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.HttpStatus, error.Failure);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyAnnouncedOverTheLimitIsRefusedBeforeItIsRead()
    {
        await using var server = ListHttpServer.Start(ListHttpServer.Serving(ListFiles.UnConsolidated));
        using var client = new HttpClient();
        var downloader = new SanctionsListDownloader(client, Quick with { MaxBytes = 1_000_000 });

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => downloader.DownloadAsync(new Uri(server.Address, "consolidated.xml"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.TooLarge, error.Failure);
        Assert.Contains(ListFiles.UnConsolidated.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChunkedBodyGrowingOverTheLimitIsRefusedWhileRead()
    {
        byte[] file = ListFiles.UnConsolidated;
        await using var server = ListHttpServer.Start(async (context, cancellationToken) =>
        {
            context.Response.SendChunked = true;
            for (int offset = 0; offset < file.Length; offset += 64 * 1024)
            {
                await context.Response.OutputStream.WriteAsync(file.AsMemory(offset, Math.Min(64 * 1024, file.Length - offset)), cancellationToken);
            }

            context.Response.Close();
        });
        using var client = new HttpClient();
        var downloader = new SanctionsListDownloader(client, Quick with { MaxBytes = 500_000 });

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => downloader.DownloadAsync(new Uri(server.Address, "consolidated.xml"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.TooLarge, error.Failure);
    }

    [Fact]
    public async Task ABodyCutShortOfItsLengthIsRefusedAsTruncated()
    {
        byte[] file = ListFiles.UnConsolidated;
        await using var server = ListHttpServer.Start(async (context, cancellationToken) =>
        {
            context.Response.ContentLength64 = file.LongLength;
            await context.Response.OutputStream.WriteAsync(file.AsMemory(0, file.Length / 2), cancellationToken);
            await context.Response.OutputStream.FlushAsync(cancellationToken);
            context.Response.Abort();
        });
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => new SanctionsListDownloader(client, Quick).DownloadAsync(new Uri(server.Address, "consolidated.xml"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.Truncated, error.Failure);
    }

    [Fact]
    public async Task AnEmptyBodyIsRefused()
    {
        await using var server = ListHttpServer.Start(ListHttpServer.Serving([]));
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => new SanctionsListDownloader(client, Quick).DownloadAsync(server.Address, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.Empty, error.Failure);
    }

    [Fact]
    public async Task ASlowServerTimesOut()
    {
        await using var server = ListHttpServer.Start(async (context, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            context.Response.Close();
        });
        using var client = new HttpClient();
        var downloader = new SanctionsListDownloader(client, new SanctionsListDownloadOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => downloader.DownloadAsync(new Uri(server.Address, "consolidated.xml"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.TimedOut, error.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task TheHttpClientsOwnShorterTimeoutIsATimeoutToo()
    {
        await using var server = ListHttpServer.Start(async (context, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            context.Response.Close();
        });
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => new SanctionsListDownloader(client, Quick).DownloadAsync(new Uri(server.Address, "consolidated.xml"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.TimedOut, error.Failure);
        Assert.Contains("HTTP client", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatTricklesPastTheTimeoutTimesOut()
    {
        byte[] file = ListFiles.EuExcerpt;
        await using var server = ListHttpServer.Start(async (context, cancellationToken) =>
        {
            context.Response.ContentLength64 = file.LongLength;
            for (int offset = 0; offset < file.Length; offset += 1000)
            {
                await context.Response.OutputStream.WriteAsync(file.AsMemory(offset, Math.Min(1000, file.Length - offset)), cancellationToken);
                await context.Response.OutputStream.FlushAsync(cancellationToken);
                await Task.Delay(200, cancellationToken);
            }

            context.Response.Close();
        });
        using var client = new HttpClient();
        var downloader = new SanctionsListDownloader(client, new SanctionsListDownloadOptions { Timeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => downloader.DownloadAsync(new Uri(server.Address, "sample.xml"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.TimedOut, error.Failure);
    }

    [Fact]
    public async Task TheCallersCancellationIsACancellationNotARefusal()
    {
        await using var server = ListHttpServer.Start(async (context, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            context.Response.Close();
        });
        using var client = new HttpClient();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new SanctionsListDownloader(client, Quick).DownloadAsync(new Uri(server.Address, "consolidated.xml"), cancellationToken: cancel.Token));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/consolidated.xml")]
    [InlineData("file:///etc/passwd")]
    [InlineData("consolidated.xml")]
    public async Task AnAddressThatIsNoHttpUrlIsRefused(string address)
    {
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => new SanctionsListDownloader(client, Quick).DownloadAsync(new Uri(address, UriKind.RelativeOrAbsolute), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.InvalidAddress, error.Failure);
    }

    [Fact]
    public async Task AServerThatIsNotThereIsUnreachable()
    {
        Uri address;
        await using (var server = ListHttpServer.Start(ListHttpServer.Serving([1])))
        {
            address = server.Address;
        }

        using var client = new HttpClient();
        var error = await Assert.ThrowsAsync<SanctionsListDownloadException>(
            () => new SanctionsListDownloader(client, Quick).DownloadAsync(address, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(SanctionsListDownloadFailure.Unreachable, error.Failure);
    }

    [Fact]
    public void LimitsThatAreNotPositiveAreRefused()
    {
        using var client = new HttpClient();

        Assert.Throws<ArgumentOutOfRangeException>(() => new SanctionsListDownloader(client, new SanctionsListDownloadOptions { MaxBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SanctionsListDownloader(client, new SanctionsListDownloadOptions { Timeout = TimeSpan.Zero }));
    }
}
