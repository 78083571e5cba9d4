using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;

namespace OversightLedger.Load;

/// <summary>
/// The ledger server under load: either started here (the built <c>OversightLedger.Server.dll</c>, on 127.0.0.1 with free
/// ports and a fresh data directory, its console output to <c>server.out</c> and <c>server.err</c> in that directory), or an existing one at
/// <c>--server URL</c>. Only a server started here is stopped and deleted on dispose.
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process? _process;
    private readonly string? _dataDirectory;
    private readonly bool _keepData;
    private readonly Task _outputCopy;
    private bool _handedOver;

    private ServerUnderTest(Uri address, string adminKey, int? processId, Process? process, string? dataDirectory, bool keepData, Task outputCopy)
    {
        Address = address;
        AdminKey = adminKey;
        ProcessId = processId;
        _process = process;
        _dataDirectory = dataDirectory;
        _keepData = keepData;
        _outputCopy = outputCopy;
    }

    public Uri Address { get; }

    public string AdminKey { get; }

    /// <summary>The server's process id, for memory sampling (null for a remote server given without <c>--server-pid</c>).</summary>
    public int? ProcessId { get; }

    /// <summary>The Orleans gateway port of a server this harness started (null for an external one).</summary>
    public int? GatewayPort { get; private init; }

    /// <summary>How the server was built: Release, Debug, or "external".</summary>
    public string Build { get; private init; } = "external";

    /// <summary>The command-line arguments given beyond the harness's own (a restart passes them again).</summary>
    public IReadOnlyList<string> Arguments { get; private init; } = [];

    /// <summary>The data directory of a server started here (its <c>data/logs</c> hold the server's log events), or null.</summary>
    public string? DataDirectory => _dataDirectory;

    public static string AssemblyPath { get; } = Metadata("LedgerServerAssembly");

    public static string AssemblyConfiguration { get; } = Metadata("LedgerServerConfiguration");

    /// <summary>An existing server; its admin key is needed to set up budgets and keys.</summary>
    public static ServerUnderTest Attach(Uri address, string adminKey, int? processId) =>
        new(address, adminKey, processId, process: null, dataDirectory: null, keepData: true, Task.CompletedTask);

    /// <summary>Starts the built server with a fresh data directory and waits for <c>/health/ready</c>.</summary>
    public static Task<ServerUnderTest> StartAsync(bool keepData, CancellationToken cancellationToken) => StartAsync(keepData, [], cancellationToken);

    /// <summary>Starts the built server with a fresh data directory and more command-line <paramref name="arguments"/> (kept for a restart).</summary>
    public static Task<ServerUnderTest> StartAsync(bool keepData, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string adminKey = "load-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string dataDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"oversight-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..48])).FullName;
        return LaunchAsync(dataDirectory, adminKey, keepData, arguments, cancellationToken);
    }

    /// <summary>
    /// Kills the server with SIGKILL — no shutdown, nothing flushed — and waits for it to go; its data directory stays for
    /// <see cref="RestartAsync"/>.
    /// </summary>
    public async Task KillAsync()
    {
        _handedOver = true;
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the server again on this one's data directory, with the same admin key (after <see cref="KillAsync"/>), on new ports.</summary>
    public Task<ServerUnderTest> RestartAsync(CancellationToken cancellationToken) =>
        _dataDirectory is null
            ? throw new InvalidOperationException("Only a server this harness started can be restarted.")
            : LaunchAsync(_dataDirectory, AdminKey, _keepData, Arguments, cancellationToken);

    private static async Task<ServerUnderTest> LaunchAsync(string dataDirectory, string adminKey, bool keepData, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new InvalidOperationException($"The server is not built: {AssemblyPath} is missing.");
        }

        for (int attempt = 1; ; attempt++)
        {
            int[] ports = FreePorts.Take(3);
            var address = new Uri($"http://127.0.0.1:{ports[0]}/");
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dataDirectory,
            };
            foreach (string arg in new[]
                     {
                         AssemblyPath, "--urls", address.AbsoluteUri.TrimEnd('/'), "--data", Path.Combine(dataDirectory, "data"),
                         "--SiloPort", ports[1].ToString(CultureInfo.InvariantCulture), "--GatewayPort", ports[2].ToString(CultureInfo.InvariantCulture),
                         // The harness measures what the server can do: the per-key and per-address rate limits are off.
                         "--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0",
                     }.Concat(arguments))
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["OVERSIGHT_ADMIN_KEY"] = adminKey;
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            Task outputCopy = CopyOutputAsync(process, Path.Combine(dataDirectory, "server.out"), Path.Combine(dataDirectory, "server.err"));
            var server = new ServerUnderTest(address, adminKey, process.Id, process, dataDirectory, keepData, outputCopy) { Build = AssemblyConfiguration, GatewayPort = ports[2], Arguments = arguments };
            if (await server.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false))
            {
                return server;
            }

            await server.StopAsync().ConfigureAwait(false);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"The server did not become ready; see {Path.Combine(dataDirectory, "server.out")}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null || _handedOver)
        {
            return; // nothing started here, or killed to be restarted: the restarted server owns the directory
        }

        await StopAsync().ConfigureAwait(false);

        if (_dataDirectory is not null && !_keepData)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // The OS temp cleaner gets the rest.
            }
        }
        else if (_dataDirectory is not null)
        {
            await Console.Error.WriteLineAsync($"server data kept in {_dataDirectory}").ConfigureAwait(false);
        }
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout && _process is { HasExited: false })
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync("health/ready", cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Starting up.
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await _outputCopy.ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task CopyOutputAsync(Process process, string outputPath, string errorPath)
    {
        // Appended: a restarted server's output follows the killed one's.
        await using var output = new FileStream(outputPath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
        await using var error = new FileStream(errorPath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 12, useAsync: true);
        await Task.WhenAll(
            process.StandardOutput.BaseStream.CopyToAsync(output),
            process.StandardError.BaseStream.CopyToAsync(error)).ConfigureAwait(false);
    }

    private static string Metadata(string key) =>
        typeof(ServerUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
