namespace OversightLedger.Server.Hosting;

/// <summary>
/// The server's own settings, bound from the configuration root (<c>appsettings.json</c>,
/// <c>OVERSIGHT_*</c> environment variables, and the command line: <c>--data DIR</c>).
/// </summary>
public sealed class ServerOptions
{
    /// <summary>
    /// The storage profile: <c>embedded</c> (the default) or <c>azure</c> (<c>--Profile azure</c>,
    /// <c>OVERSIGHT_Profile=azure</c>; its settings are under <c>Azure:</c>, see <see cref="AzureProfileOptions"/>).
    /// </summary>
    public ServerProfile Profile { get; set; } = ServerProfile.Embedded;

    /// <summary>Where everything durable lives in the embedded profile. Default: <c>./data</c>.</summary>
    public string Data { get; set; } = "data";

    /// <summary>The Orleans silo-to-silo port. Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The Orleans client gateway port. Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address this silo advertises to the others in the azure profile (127.0.0.1 for a cluster on one
    /// machine). Default: the host's first IPv4 address that is not loopback, else 127.0.0.1.
    /// </summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory => Path.GetFullPath(Data);

    /// <summary>The directory that holds the public log (served under <c>/log/</c>).</summary>
    public string LogDirectory => Path.Combine(DataDirectory, "log");

    /// <summary>The directory of private keys (mode 0700).</summary>
    public string KeysDirectory => Path.Combine(DataDirectory, "keys");

    /// <summary>Hangfire's SQLite database in the embedded profile (mode 0600): the job queue, schedules and run history.</summary>
    public string JobsDatabase => Path.Combine(DataDirectory, "jobs.db");
}
