using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace OversightLedger.TestSupport;

/// <summary>
/// The real, built server (<c>OversightLedger.Server.dll</c>) as a child process: <c>dotnet exec</c> with
/// <c>--urls http://127.0.0.1:PORT --data DIR --SiloPort N --GatewayPort M</c> on free ports, in the embedded or the azure
/// profile (<see cref="ServerProcessOptions"/>), waited for until <c>/health/ready</c> answers 200 (retried on new ports).
/// It can be killed with SIGKILL (<see cref="Kill"/>) and started again on the same data directory
/// (<see cref="RestartAsync(CancellationToken)"/>), or stopped with SIGTERM (<see cref="StopAsync"/>). Dispose kills it
/// and deletes the launcher's temporary directory; a server that never became ready leaves it, with its logs.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The admin key a server started here registers on its first start, unless the options name another.</summary>
    public const string AdminKey = "olk_http-tests-admin-key-0123456789";

    private readonly string? _root;
    private readonly ServerOutput _output;
    private Process? _process;
    private bool _failed;

    private ServerProcess(ServerProcessOptions options, string? root, string dataDirectory)
    {
        Options = options;
        _root = root;
        DataDirectory = dataDirectory;
        WorkingDirectory = root ?? dataDirectory;
        _output = new ServerOutput(options.OutputLines, options.WriteOutputFiles ? WorkingDirectory : null);
    }

    /// <summary>The server's entry assembly (beside the running program, or in the server project's own output).</summary>
    public static string DllPath => ServerBuild.DllPath;

    /// <summary>The configuration (Debug or Release) the server was built in.</summary>
    public static string BuildConfiguration => ServerBuild.Configuration;

    /// <summary>The options of the last start.</summary>
    public ServerProcessOptions Options { get; private set; }

    /// <summary>The name for messages (<see cref="ServerProcessOptions.Name"/>).</summary>
    public string Name => Options.Name;

    /// <summary>The <c>--data</c> directory (in the azure profile only the silo's own <c>logs/</c>).</summary>
    public string DataDirectory { get; }

    /// <summary>The process's working directory: the launcher's temporary directory (holding <see cref="DataDirectory"/>), or the data directory given.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The public log's directory inside the data directory (tlog-tiles layout; embedded profile).</summary>
    public string LogDirectory => Path.Combine(DataDirectory, "log");

    /// <summary>Where the server answers HTTP, ending in '/' (changes only if a restart had to move to new ports).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The HTTP port.</summary>
    public int HttpPort { get; private set; }

    /// <summary>The Orleans silo port.</summary>
    public int SiloPort { get; private set; }

    /// <summary>The Orleans gateway port (for an Orleans client such as the load harness's grain-direct scenario).</summary>
    public int GatewayPort { get; private set; }

    /// <summary>The running process's id, or null when none runs.</summary>
    public int? ProcessId => IsRunning ? _process?.Id : null;

    /// <summary>How many times a server process has been started (failed attempts included).</summary>
    public int Starts { get; private set; }

    /// <summary>Whether the process still runs.</summary>
    public bool IsRunning
    {
        get
        {
            try
            {
                return _process is { HasExited: false };
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Starts an embedded server on a new, empty data directory with the defaults of <see cref="ServerProcessOptions"/>.</summary>
    public static Task<ServerProcess> StartAsync(CancellationToken cancellationToken = default) => StartAsync(new ServerProcessOptions(), cancellationToken);

    /// <summary>Starts a server as <paramref name="options"/> say and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(ServerProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? root = null;
        string dataDirectory;
        if (options.DataDirectory is { } given)
        {
            dataDirectory = Directory.CreateDirectory(given).FullName;
        }
        else
        {
            root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"oversight-server-{Guid.NewGuid():N}")).FullName;
            dataDirectory = Path.Combine(root, "data");
        }

        var server = new ServerProcess(options, root, dataDirectory);
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

    /// <summary>
    /// A client for the server with <paramref name="apiKey"/> as its bearer key (or none) and <paramref name="timeout"/>
    /// (default 100 s); in the azure profile connecting gives up after 5 s (a silo that was killed).
    /// </summary>
    public HttpClient CreateClient(string? apiKey = null, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (Options.Profile == ServerProfile.Azure)
        {
            handler.ConnectTimeout = TimeSpan.FromSeconds(5);
        }

        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Kills the server with SIGKILL (no shutdown of any kind) and waits until it is gone; the data directory stays.</summary>
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
            // Never started or already gone.
        }
        finally
        {
            process.Dispose();
            _output.Flush();
        }
    }

    /// <summary>
    /// Stops the server with SIGTERM (a graceful shutdown: it drains and, in a cluster, leaves it) and waits for it to
    /// exit; SIGKILL after <paramref name="grace"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!IsRunning)
        {
            return;
        }

        Process process = _process!;
        using (Process? kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            kill?.WaitForExit(10_000); // .NET itself can only send SIGKILL
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            _output.Flush();
        }
        catch (OperationCanceledException)
        {
            _output.Note($"=== {Name} did not stop within {grace.TotalSeconds} s of SIGTERM: killed ===");
            Kill();
        }
    }

    /// <summary>Kills the server if it runs, starts it again on the same data directory (and ports, if still free) and waits until it is ready.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        await StartProcessAsync(newPorts: false, cancellationToken);
    }

    /// <summary>
    /// As <see cref="RestartAsync(CancellationToken)"/>, with <paramref name="options"/> in place of those given so far
    /// (e.g. <c>server.Options with { Arguments = … }</c> for a later <c>--Clock:StartAt</c>); they apply to later restarts
    /// too. The data directory stays the one the server started on.
    /// </summary>
    public Task RestartAsync(ServerProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        return RestartAsync(cancellationToken);
    }

    /// <summary>Whether the server's recent output has a line containing <paramref name="text"/>.</summary>
    public bool Printed(string text) => _output.Contains(text);

    /// <summary>The last lines the server printed (stdout and stderr, with the launcher's start lines), for failure messages.</summary>
    public string RecentOutput() => _output.Recent();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Kill();
        _output.Dispose();
        if (_root is null)
        {
            return;
        }

        if (Options.KeepDirectory || _failed)
        {
            await Console.Error.WriteLineAsync($"server directory kept: {_root}");
            return;
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held for a moment, or the 0700 keys directory; the OS temp cleaner gets it.
        }
    }

    private async Task StartProcessAsync(bool newPorts, CancellationToken cancellationToken)
    {
        bool azure = Options.Profile == ServerProfile.Azure;
        int attempts = Options.StartAttempts ?? (azure ? 2 : 3);
        TimeSpan readyTimeout = Options.ReadyTimeout ?? TimeSpan.FromSeconds(azure ? 120 : 90);
        for (int attempt = 1; ; attempt++)
        {
            if (newPorts || attempt > 1)
            {
                int[] ports = FreePorts.Take(3);
                (HttpPort, SiloPort, GatewayPort) = (ports[0], ports[1], ports[2]);
                BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/");
            }

            Process process = Launch();
            _process = process;
            string? failure = await WaitUntilReadyAsync(process, readyTimeout, cancellationToken);
            if (failure is null)
            {
                return;
            }

            Kill();
            if (attempt >= attempts)
            {
                _failed = true;
                throw new InvalidOperationException(
                    $"{Name} did not become ready ({failure}) after {attempt} attempts.\n{DllPath}\n"
                    + $"its directory, with its logs, is kept: {WorkingDirectory}\n--- its output ---\n{RecentOutput()}");
            }
        }
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(ServerBuild.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        List<string> arguments =
        [
            "exec", DllPath,
            "--urls", $"http://127.0.0.1:{Invariant(HttpPort)}",
            "--data", DataDirectory,
            "--SiloPort", Invariant(SiloPort),
            "--GatewayPort", Invariant(GatewayPort),
        ];
        if (Options.Profile == ServerProfile.Azure)
        {
            arguments.AddRange(["--Profile", "azure", "--AdvertisedIp", "127.0.0.1"]);
        }

        if (!Options.ScheduledWatchdogScans)
        {
            // Tests scan when they mean to (the trigger API, /api/watchdogs/{id}/scan): a scan every minute could
            // append a finding in the middle of a check that a refused call wrote nothing.
            arguments.AddRange(["--Jobs:WatchdogScanCron", "never"]);
        }

        arguments.AddRange(Options.Arguments);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The child sees only the options' settings: nothing of the test platform, nor (unless inherited) the test
        // host's OVERSIGHT_*/ASPNETCORE_* settings.
        foreach (string inherited in start.Environment.Keys.Where(IsScrubbed).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["OVERSIGHT_ADMIN_KEY"] = Options.AdminKey;
        foreach ((string key, string value) in Options.Environment)
        {
            start.Environment["OVERSIGHT_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => _output.Output(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Error(e.Data);
        Starts++;
        _output.Note($"=== {Name} start {Starts}: http {HttpPort}, silo {SiloPort}, gateway {GatewayPort} ===");
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private bool IsScrubbed(string key) =>
        key.StartsWith("TESTINGPLATFORM_", StringComparison.OrdinalIgnoreCase)
        || (!Options.InheritEnvironment
            && (key.StartsWith("OVERSIGHT_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Null once <c>/health/ready</c> answers 200; otherwise why it did not.</summary>
    private async Task<string?> WaitUntilReadyAsync(Process process, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < readyTimeout)
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
                // A slow answer while the silo starts (or joins its cluster).
            }

            await Task.Delay(100, cancellationToken);
        }

        return $"no 200 from /health/ready in {readyTimeout.TotalSeconds} s";
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
