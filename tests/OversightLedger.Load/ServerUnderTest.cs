using System.Security.Cryptography;
using OversightLedger.TestSupport;

namespace OversightLedger.Load;

/// <summary>
/// The ledger server under load: either started here (the test support's <see cref="ServerProcess"/>: the built
/// <c>OversightLedger.Server.dll</c> on 127.0.0.1 with free ports and a fresh data directory, the per-key and per-address
/// rate limits off, its console output appended to <c>server.out</c> and <c>server.err</c> beside that directory), or an
/// existing one at <c>--server URL</c>. Only a server started here is stopped, and its directory deleted unless kept, on dispose.
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly ServerProcess? _process;
    private readonly Uri? _attachedAddress;
    private readonly int? _attachedProcessId;
    private bool _disposed;

    private ServerUnderTest(string adminKey, ServerProcess? process, Uri? attachedAddress, int? attachedProcessId)
    {
        AdminKey = adminKey;
        _process = process;
        _attachedAddress = attachedAddress;
        _attachedProcessId = attachedProcessId;
    }

    public Uri Address => _process?.BaseAddress ?? _attachedAddress!;

    public string AdminKey { get; }

    /// <summary>The server's process id, for memory sampling (null for a remote server given without <c>--server-pid</c>).</summary>
    public int? ProcessId => _process is null ? _attachedProcessId : _process.ProcessId;

    /// <summary>The Orleans gateway port of a server this harness started (null for an external one).</summary>
    public int? GatewayPort => _process?.GatewayPort;

    /// <summary>How the server was built: Release, Debug, or "external".</summary>
    public string Build => _process is null ? "external" : AssemblyConfiguration;

    /// <summary>The directory of a server started here (its <c>data/logs</c> hold the server's log events), or null.</summary>
    public string? DataDirectory => _process?.WorkingDirectory;

    /// <summary>How the server this harness starts was built (Release or Debug).</summary>
    public static string AssemblyConfiguration => ServerProcess.BuildConfiguration;

    /// <summary>An existing server; its admin key is needed to set up budgets and keys.</summary>
    public static ServerUnderTest Attach(Uri address, string adminKey, int? processId) => new(adminKey, process: null, address, processId);

    /// <summary>Starts the built server with a fresh data directory and waits for <c>/health/ready</c>.</summary>
    public static Task<ServerUnderTest> StartAsync(bool keepData, CancellationToken cancellationToken) => StartAsync(keepData, [], cancellationToken);

    /// <summary>Starts the built server with a fresh data directory and more command-line <paramref name="arguments"/> (kept for a restart).</summary>
    public static async Task<ServerUnderTest> StartAsync(bool keepData, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string adminKey = "load-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var options = new ServerProcessOptions
        {
            Name = "server under load",
            AdminKey = adminKey,

            // The harness measures what the server can do: the per-key and per-address rate limits are off.
            Arguments = ["--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0", .. arguments],
            KeepDirectory = keepData,
            WriteOutputFiles = true,
            ScheduledWatchdogScans = true,
            InheritEnvironment = true,
            ReadyTimeout = TimeSpan.FromSeconds(120),
        };
        ServerProcess process = await ServerProcess.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new ServerUnderTest(adminKey, process, attachedAddress: null, attachedProcessId: null);
    }

    /// <summary>
    /// Kills the server with SIGKILL — no shutdown, nothing flushed — and waits for it to go; its data directory stays for
    /// <see cref="RestartAsync"/>.
    /// </summary>
    public Task KillAsync()
    {
        (_process ?? throw new InvalidOperationException("Only a server this harness started can be killed.")).Kill();
        return Task.CompletedTask;
    }

    /// <summary>Starts the server again on its data directory, with the same admin key and arguments (after <see cref="KillAsync"/>); this same object.</summary>
    public async Task<ServerUnderTest> RestartAsync(CancellationToken cancellationToken)
    {
        await (_process ?? throw new InvalidOperationException("Only a server this harness started can be restarted.")).RestartAsync(cancellationToken).ConfigureAwait(false);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null || _disposed)
        {
            return;
        }

        _disposed = true;
        await _process.DisposeAsync().ConfigureAwait(false);
    }
}
