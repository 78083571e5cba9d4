using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace OversightLedger.Cli.Tests.Agency;

/// <summary>
/// The real ledger server (<c>OversightLedger.Server.dll</c>, built by the project reference) as a child process on
/// 127.0.0.1 with free HTTP, silo and gateway ports and a fresh data directory; killed and deleted on dispose.
/// </summary>
internal sealed class LedgerServerProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly string _dataDirectory;

    private LedgerServerProcess(Process process, ConcurrentQueue<string> output, string dataDirectory, Uri address)
    {
        _process = process;
        _output = output;
        _dataDirectory = dataDirectory;
        Address = address;
    }

    /// <summary>The server's base URL, ending in '/'.</summary>
    public Uri Address { get; }

    /// <summary>The server's entry assembly, recorded at build time.</summary>
    public static string AssemblyPath { get; } = typeof(LedgerServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "LedgerServerAssembly").Value!;

    /// <summary>The server's last lines of console output, for assertion messages.</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Starts a server whose admin key is <paramref name="adminKey"/> and waits until <c>/health/ready</c> says it is ready.</summary>
    public static Task<LedgerServerProcess> StartAsync(string adminKey, CancellationToken cancellationToken) => StartAsync(adminKey, [], cancellationToken);

    /// <summary>Starts a server with more command-line configuration (<c>--Section:Key value</c> pairs), as <see cref="StartAsync(string, CancellationToken)"/> does.</summary>
    public static async Task<LedgerServerProcess> StartAsync(string adminKey, IReadOnlyList<string> configuration, CancellationToken cancellationToken)
    {
        Assert.True(File.Exists(AssemblyPath), $"The server was not built: {AssemblyPath} is missing.");
        string dataDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"oversight-agency-tests-{Guid.NewGuid():N}")).FullName;
        for (int attempt = 1; ; attempt++)
        {
            // Free ports are found by binding port 0 and letting go; another process may take one in between, so retry.
            int[] ports = FreePorts(3);
            var address = new Uri($"http://127.0.0.1:{ports[0]}/");
            var output = new ConcurrentQueue<string>();
            Process process = Start(dataDirectory, address, ports[1], ports[2], adminKey, configuration, output);
            var server = new LedgerServerProcess(process, output, dataDirectory, address);
            if (await server.WaitUntilReadyAsync(cancellationToken))
            {
                return server;
            }

            string failure = server.RecentOutput;
            await server.StopAsync();
            if (attempt == 3)
            {
                Directory.Delete(dataDirectory, recursive: true);
                throw new InvalidOperationException($"The ledger server did not become ready at {address}:\n{failure}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets the rest.
        }
    }

    private static Process Start(
        string dataDirectory, Uri address, int siloPort, int gatewayPort, string adminKey, IReadOnlyList<string> configuration, ConcurrentQueue<string> output)
    {
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
                     "--SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 }.Concat(configuration))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["OVERSIGHT_ADMIN_KEY"] = adminKey;
        foreach (string inherited in start.Environment.Keys.Where(k => k.StartsWith("TESTINGPLATFORM_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        Assert.True(process.Start(), "The ledger server did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync("health/ready", cancellationToken);
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

            await Task.Delay(200, cancellationToken);
        }

        return false;
    }

    private async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
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

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > MaxOutputLines && output.TryDequeue(out _))
        {
        }
    }

    /// <summary>Ports free a moment ago (another process may take one meanwhile).</summary>
    internal static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
