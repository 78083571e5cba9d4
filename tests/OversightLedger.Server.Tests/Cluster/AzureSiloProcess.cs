using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// One real server process (<c>OversightLedger.Server.dll</c>) in the azure profile: <c>--Profile azure</c> on
/// 127.0.0.1 with its own HTTP, silo and gateway ports and data directory (only its own log files), and the cluster's
/// settings as <c>OVERSIGHT_*</c> variables. It can be killed with SIGKILL (<see cref="Kill"/>) or stopped with
/// SIGTERM (<see cref="StopAsync"/>).
/// </summary>
public sealed class AzureSiloProcess : IDisposable
{
    private const int OutputLines = 600;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private readonly Queue<string> _output = new();
    private readonly Process _process;

    private AzureSiloProcess(string name, string dataDirectory, Process process, Uri baseAddress)
    {
        Name = name;
        DataDirectory = dataDirectory;
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>A name for messages (<c>silo-1</c>, …).</summary>
    public string Name { get; }

    /// <summary>The silo's <c>--data</c> directory (in the azure profile only its own <c>logs/</c>).</summary>
    public string DataDirectory { get; }

    /// <summary>Where the silo answers HTTP.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Whether the process still runs.</summary>
    public bool IsRunning
    {
        get
        {
            try
            {
                return !_process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Starts a silo with <paramref name="settings"/> (configuration keys, e.g. <c>Azure:ClusterId</c>) and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<AzureSiloProcess> StartAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            (int http, int silo, int gateway) = FreePorts();
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Directory.CreateDirectory(dataDirectory).FullName,
            };
            foreach (string argument in new[]
            {
                "exec", ServerProcess.DllPath, "--Profile", "azure",
                "--urls", $"http://127.0.0.1:{http}", "--data", dataDirectory,
                "--SiloPort", Invariant(silo), "--GatewayPort", Invariant(gateway), "--AdvertisedIp", "127.0.0.1",
            })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (string inherited in start.Environment.Keys
                .Where(key => key.StartsWith("OVERSIGHT_", StringComparison.OrdinalIgnoreCase)
                    || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                    || key.StartsWith("TESTINGPLATFORM_", StringComparison.OrdinalIgnoreCase)
                    || key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
                .ToList())
            {
                start.Environment.Remove(inherited);
            }

            foreach ((string key, string value) in settings)
            {
                start.Environment["OVERSIGHT_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            var process = new Process { StartInfo = start };
            var started = new AzureSiloProcess(name, dataDirectory, process, new Uri($"http://127.0.0.1:{http}/"));
            process.OutputDataReceived += (_, e) => started.Remember(e.Data);
            process.ErrorDataReceived += (_, e) => started.Remember(e.Data);
            started.Remember($"=== {name} start {attempt}: http {http}, silo {silo}, gateway {gateway} ===");
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            string? failure = await started.WaitUntilReadyAsync(cancellationToken);
            if (failure is null)
            {
                return started;
            }

            string output = started.RecentOutput();
            started.Kill();
            started.Dispose();
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"{name} did not become ready ({failure}).\n--- its output ---\n{output}");
            }
        }
    }

    /// <summary>A client of this silo with <paramref name="apiKey"/> as its bearer key (or none).</summary>
    public HttpClient CreateClient(string? apiKey = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1), ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = BaseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Kills the process with SIGKILL (no shutdown of any kind) and waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    /// <summary>Stops the process with SIGTERM (a graceful shutdown: it drains and leaves the cluster); SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!IsRunning)
        {
            return;
        }

        SendSigterm(_process.Id);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Remember($"=== {Name} did not stop within {grace.TotalSeconds} s of SIGTERM: killed ===");
            Kill();
        }
    }

    /// <summary>Whether the silo's output has a line containing <paramref name="text"/>.</summary>
    public bool Printed(string text)
    {
        lock (_output)
        {
            return _output.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>The last lines the silo printed, for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>Sends SIGTERM with <c>kill</c> (.NET can only send SIGKILL).</summary>
    private static void SendSigterm(int pid)
    {
        using Process? kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit(10_000);
    }

    private async Task<string?> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsRunning)
            {
                return $"the process exited with code {_process.ExitCode}";
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
                // A slow answer while the silo joins.
            }

            await Task.Delay(200, cancellationToken);
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

    /// <summary>Three distinct ports that were free a moment ago.</summary>
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

    private static string DotnetHost()
    {
        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        string? processPath = Environment.ProcessPath;
        return processPath is not null && Path.GetFileName(processPath) == "dotnet" ? processPath : "dotnet";
    }
}
