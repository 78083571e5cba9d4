using System.Diagnostics;
using System.Net;
using OversightLedger.Storage.Azure;

namespace OversightLedger.Storage.Azure.Tests.TestSupport;

/// <summary>
/// A real Azurite blob service for the whole test collection: the one named by <c>OVERSIGHT_AZURITE_BLOB</c> (its blob
/// endpoint, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>) when set, otherwise one started here from
/// <c>.ci/tools/azurite</c> (installed with npm when missing) on 127.0.0.1 and a free port, in memory, and killed at the end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The well-known key of Azurite's development account <c>devstoreaccount1</c>.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string AzuriteVersion = "3.37.0";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<string> _output = [];
    private Process? _azurite;
    private string? _workDirectory;

    /// <summary>The blob endpoint, e.g. <c>http://127.0.0.1:41234/devstoreaccount1</c>.</summary>
    public string BlobEndpoint { get; private set; } = "";

    /// <summary>The connection string of the development account on this Azurite.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>A container name no other test uses.</summary>
    public static string NewContainerName() => "log-" + Guid.NewGuid().ToString("N");

    /// <summary>A storage on the container <paramref name="containerName"/>: each call is another writer (its own held checkpoint version).</summary>
    public BlobLogStorage Storage(string containerName) =>
        new(new BlobLogStorageOptions { ConnectionString = ConnectionString, ContainerName = containerName });

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        string? external = Environment.GetEnvironmentVariable("OVERSIGHT_AZURITE_BLOB");
        if (!string.IsNullOrWhiteSpace(external))
        {
            BlobEndpoint = external.TrimEnd('/');
            await WaitUntilAnsweringAsync(null).ConfigureAwait(false);
            return;
        }

        string azurite = await FindOrInstallAzuriteAsync().ConfigureAwait(false);
        _workDirectory = Path.Combine(Path.GetTempPath(), "oversight-azurite", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_workDirectory);
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePorts.One();
            BlobEndpoint = $"http://127.0.0.1:{port}/devstoreaccount1";
            _azurite = Start(azurite, port);
            try
            {
                await WaitUntilAnsweringAsync(_azurite).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely another process took the port between our probe and Azurite's bind: try another.
                Stop();
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Stop();
        if (_workDirectory is not null)
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return ValueTask.CompletedTask;
    }

    private Process Start(string azurite, int port)
    {
        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDirectory,
        };
        foreach (string argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Stop()
    {
        if (_azurite is null)
        {
            return;
        }

        try
        {
            if (!_azurite.HasExited)
            {
                _azurite.Kill(entireProcessTree: true);
                _azurite.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }

        _azurite.Dispose();
        _azurite = null;
    }

    /// <summary>Polls the blob endpoint until it answers HTTP (any status: an unauthenticated list is refused, but answered).</summary>
    private async Task WaitUntilAnsweringAsync(Process? azurite)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (azurite is { HasExited: true })
            {
                throw new InvalidOperationException($"Azurite exited with code {azurite.ExitCode} before answering on {BlobEndpoint}: {Output()}");
            }

            try
            {
                using HttpResponseMessage response = await client.GetAsync(new Uri(BlobEndpoint + "?comp=list")).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (deadline.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException($"Azurite did not answer on {BlobEndpoint} within {StartTimeout.TotalSeconds} s: {Output()}", e);
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static async Task<string> FindOrInstallAzuriteAsync()
    {
        string tools = Path.Combine(RepositoryRoot(), ".ci", "tools", "azurite");
        string azurite = Path.Combine(tools, "node_modules", ".bin", "azurite-blob");
        if (File.Exists(azurite))
        {
            return azurite;
        }

        var install = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "install", "--prefix", tools, $"azurite@{AzuriteVersion}", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            install.ArgumentList.Add(argument);
        }

        using Process npm = Process.Start(install) ?? throw new InvalidOperationException("npm could not be started.");
        Task<string> output = npm.StandardOutput.ReadToEndAsync();
        Task<string> errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (npm.ExitCode != 0 || !File.Exists(azurite))
        {
            throw new InvalidOperationException($"npm install azurite@{AzuriteVersion} failed ({npm.ExitCode}): {await output.ConfigureAwait(false)} {await errors.ConfigureAwait(false)}");
        }

        return azurite;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OversightLedger.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OversightLedger.sln above {AppContext.BaseDirectory}.");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join(" | ", _output.TakeLast(20));
        }
    }
}
