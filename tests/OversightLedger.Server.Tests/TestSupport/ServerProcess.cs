using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// The real, built server (<c>OversightLedger.Server.dll</c>) as a child process: <c>dotnet exec</c> with
/// <c>--urls http://127.0.0.1:PORT --data DIR --SiloPort N --GatewayPort M</c> on free ports and a fixed admin key
/// (<c>OVERSIGHT_ADMIN_KEY</c>). It can be killed with SIGKILL (<see cref="Kill"/>) and started again on the same
/// data directory (<see cref="RestartAsync"/>). The data directory is temporary and deleted on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The admin key every server started here registers on its first start.</summary>
    public const string AdminKey = "olk_http-tests-admin-key-0123456789";

    private const int OutputLines = 400;
    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<string> Dll = new(FindServerDll);
    private readonly Queue<string> _output = new();
    private Process? _process;

    private IReadOnlyList<string> _settings;

    private ServerProcess(string root, IReadOnlyList<string> settings)
    {
        Root = root;
        DataDirectory = Path.Combine(root, "data");
        _settings = settings;
    }

    /// <summary>The server's entry assembly (beside the tests, or in the server project's own output).</summary>
    public static string DllPath => Dll.Value;

    /// <summary>The <c>--data</c> directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The public log's directory inside the data directory (tlog-tiles layout).</summary>
    public string LogDirectory => Path.Combine(DataDirectory, "log");

    /// <summary>Where the server answers HTTP (changes only if a restart had to move to new ports).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many times the server process has been started.</summary>
    public int Starts { get; private set; }

    private string Root { get; }

    private int HttpPort { get; set; }

    private int SiloPort { get; set; }

    private int GatewayPort { get; set; }

    /// <summary>Starts a server on a new, empty data directory and waits until <c>/health/ready</c> answers 200.</summary>
    public static Task<ServerProcess> StartAsync(CancellationToken cancellationToken = default) => StartAsync([], cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(CancellationToken)"/>, with more command-line settings (e.g.
    /// <c>--RateLimits:PerKeyPerSecond 5</c>), which also apply on every restart.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken = default)
    {
        string root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"oversight-http-tests-{Guid.NewGuid():N}")).FullName;
        var server = new ServerProcess(root, settings);
        try
        {
            await server.StartProcessAsync(newPorts: true, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client for the server with <paramref name="apiKey"/> as its bearer key (or none).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Kills the server with SIGKILL (no shutdown of any kind) and waits until it is gone.</summary>
    public void Kill()
    {
        Process? process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // SIGKILL on Unix
            }

            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Kills the server if it runs, starts it again on the same data directory and waits until it is ready.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        await StartProcessAsync(newPorts: false, cancellationToken);
    }

    /// <summary>
    /// As <see cref="RestartAsync(CancellationToken)"/>, with <paramref name="settings"/> in place of the settings given so
    /// far (e.g. a later <c>--Clock:StartAt</c>, to move the server's clock on between starts); they apply to later restarts too.
    /// </summary>
    public Task RestartAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken = default)
    {
        _settings = settings;
        return RestartAsync(cancellationToken);
    }

    /// <summary>The last lines the server printed (stdout and stderr), for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held for a moment; the OS temp cleaner gets it.
        }
        catch (UnauthorizedAccessException)
        {
            // The keys directory is 0700 and ours; anything else is left for the temp cleaner.
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync(bool newPorts, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (newPorts || attempt > 1)
            {
                (HttpPort, SiloPort, GatewayPort) = FreePorts();
                BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/");
            }

            Process process = Launch();
            _process = process;
            Starts++;
            string? failure = await WaitUntilReadyAsync(process, cancellationToken);
            if (failure is null)
            {
                return;
            }

            Kill();
            if (attempt >= StartAttempts)
            {
                throw new InvalidOperationException(
                    $"The server did not become ready ({failure}) after {attempt} attempts.\n{DllPath}\n--- server output ---\n{RecentOutput()}");
            }
        }
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        string[] arguments =
        [
            "exec", DllPath,
            "--urls", $"http://127.0.0.1:{HttpPort}",
            "--data", DataDirectory,
            "--SiloPort", Invariant(SiloPort),
            "--GatewayPort", Invariant(GatewayPort),

            // The tests scan when they mean to (the trigger API, /api/watchdogs/{id}/scan): a scan every minute could
            // append a finding in the middle of a check that a refused call wrote nothing.
            "--Jobs:WatchdogScanCron", "never",
            .. _settings,
        ];
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The child must see only our settings: nothing of the test host's OVERSIGHT_*/ASPNETCORE_* or test platform.
        foreach (string inherited in start.Environment.Keys
            .Where(key => key.StartsWith("OVERSIGHT_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM_", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            .ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["OVERSIGHT_ADMIN_KEY"] = AdminKey;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        Remember($"=== start {Starts + 1}: http {HttpPort}, silo {SiloPort}, gateway {GatewayPort} ===");
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Null once <c>/health/ready</c> answers 200; otherwise why it did not.</summary>
    private async Task<string?> WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                return $"the process exited with code {process.ExitCode}";
            }

            try
            {
                using HttpResponseMessage response = await client.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer while the silo starts.
            }

            await Task.Delay(100, cancellationToken);
        }

        return $"no 200 from /health/ready in {ReadyTimeout.TotalSeconds} s";
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Three distinct ports that were free a moment ago (held together so that they differ).</summary>
    private static (int Http, int Silo, int Gateway) FreePorts()
    {
        var listeners = new TcpListener[3];
        try
        {
            for (int i = 0; i < listeners.Length; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            int Port(int i) => ((IPEndPoint)listeners[i].LocalEndpoint).Port;
            return (Port(0), Port(1), Port(2));
        }
        finally
        {
            foreach (TcpListener? listener in listeners)
            {
                listener?.Stop();
            }
        }
    }

    /// <summary>
    /// The server assembly the test project's reference copied beside the tests; failing that, the server project's
    /// own output for the configuration these tests were built in (Debug or Release).
    /// </summary>
    private static string FindServerDll()
    {
        const string name = "OversightLedger.Server.dll";
        string beside = Path.Combine(AppContext.BaseDirectory, name);
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        string configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OversightLedger.sln")))
            {
                string built = Path.Combine(directory.FullName, "src", "OversightLedger.Server", "bin", configuration, "net10.0", name);
                if (File.Exists(built))
                {
                    return built;
                }

                break;
            }
        }

        throw new FileNotFoundException($"The server is not built: no {name} beside the tests ({AppContext.BaseDirectory}) or in src/OversightLedger.Server/bin/{configuration}/net10.0.");
    }

    /// <summary>The <c>dotnet</c> host: the one running these tests, so the server runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        string executable = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        string? processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileName(processPath) == executable)
        {
            return processPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        string? root = Directory.GetParent(runtimeDirectory.TrimEnd(Path.DirectorySeparatorChar))?.Parent?.Parent?.FullName;
        string candidate = root is null ? string.Empty : Path.Combine(root, executable);
        return File.Exists(candidate) ? candidate : executable;
    }
}
