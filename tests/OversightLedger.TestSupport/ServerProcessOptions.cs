namespace OversightLedger.TestSupport;

/// <summary>
/// How <see cref="ServerProcess"/> starts the server. Every property has the default the HTTP tests use (embedded profile,
/// a fresh temporary data directory deleted on dispose, <see cref="ServerProcess.AdminKey"/>, no scheduled watchdog scans,
/// nothing of the test host's environment); a restart (<see cref="ServerProcess.RestartAsync(ServerProcessOptions, CancellationToken)"/>)
/// may give new <see cref="Arguments"/> or <see cref="Environment"/> (e.g. a later <c>--Clock:StartAt</c>), never a new data directory.
/// </summary>
public sealed record ServerProcessOptions
{
    /// <summary>The profile (<c>--Profile azure</c> for <see cref="ServerProfile.Azure"/>, with <c>--AdvertisedIp 127.0.0.1</c>).</summary>
    public ServerProfile Profile { get; init; } = ServerProfile.Embedded;

    /// <summary>A name for messages and the output's start lines (<c>silo-1</c>, …).</summary>
    public string Name { get; init; } = "server";

    /// <summary>More command-line settings after the launcher's own (e.g. <c>--RateLimits:PerKeyPerSecond</c>, <c>5</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// Configuration keys (e.g. <c>Azure:ClusterId</c>) given to the server as <c>OVERSIGHT_</c> environment variables
    /// (<c>OVERSIGHT_Azure__ClusterId</c>); <c>ADMIN_KEY</c> here replaces <see cref="AdminKey"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The admin key the server registers on its first start (<c>OVERSIGHT_ADMIN_KEY</c>).</summary>
    public string AdminKey { get; init; } = ServerProcess.AdminKey;

    /// <summary>
    /// The <c>--data</c> directory, which the caller owns (it is neither made empty nor deleted); null: a fresh
    /// <c>data</c> directory inside a temporary directory of the launcher's, deleted on dispose unless
    /// <see cref="KeepDirectory"/> (and kept, and named in the exception, when the server never became ready).
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Keep the launcher's temporary directory on dispose (and say where on standard error).</summary>
    public bool KeepDirectory { get; init; }

    /// <summary>
    /// Append the server's standard output and error to <c>server.out</c> and <c>server.err</c> in its working directory
    /// (the launcher's temporary directory, or <see cref="DataDirectory"/>), across restarts; the last lines are kept in
    /// memory either way (<see cref="ServerProcess.RecentOutput"/>).
    /// </summary>
    public bool WriteOutputFiles { get; init; }

    /// <summary>
    /// Let the watchdog scan run on its schedule; by default it is off (<c>--Jobs:WatchdogScanCron never</c>), so that a
    /// scan does not append a finding in the middle of a check that a refused call wrote nothing (tests trigger scans).
    /// </summary>
    public bool ScheduledWatchdogScans { get; init; }

    /// <summary>
    /// Pass the test host's <c>OVERSIGHT_*</c>, <c>ASPNETCORE_*</c> and <c>DOTNET_ENVIRONMENT</c> variables on to the
    /// server (the load harness, where an operator may tune the server so); by default the server sees only these options.
    /// </summary>
    public bool InheritEnvironment { get; init; }

    /// <summary>How long to wait for <c>/health/ready</c> to answer 200; null: 90 s (embedded) or 120 s (azure, which joins a cluster).</summary>
    public TimeSpan? ReadyTimeout { get; init; }

    /// <summary>How many starts on fresh ports before giving up (a port taken in between); null: 3 (embedded) or 2 (azure).</summary>
    public int? StartAttempts { get; init; }

    /// <summary>How many of the last lines of output to keep in memory.</summary>
    public int OutputLines { get; init; } = 600;
}
