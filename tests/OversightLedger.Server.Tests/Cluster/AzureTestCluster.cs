using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Storage.Azure;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// A cluster of real azure-profile server processes on loopback that share one storage account and one PostgreSQL,
/// under names no other run uses: its own cluster and service ids, log, grain-state, report and witness containers and
/// Hangfire schema.
/// Every silo gets the same keys directory (one log signer key, one pseudonym key, made here) and the same admin key.
/// </summary>
public sealed class AzureTestCluster : IAsyncDisposable
{
    /// <summary>The log's origin (also its key's name).</summary>
    public const string Origin = "cluster-tests.oversightledger.local/log";

    private readonly AzureTestComponents _components;
    private readonly List<ServerProcess> _silos = [];
    private readonly Lock _gate = new();
    private int _started;

    /// <summary>
    /// A cluster on <paramref name="components"/>, with no silo yet; <paramref name="settings"/> (configuration keys, e.g.
    /// <c>Clock:StartAt</c>) are added to, or replace, the settings every silo gets.
    /// </summary>
    public AzureTestCluster(AzureTestComponents components, IReadOnlyDictionary<string, string>? settings = null)
    {
        _components = components;
        RunId = Guid.NewGuid().ToString("N")[..12];
        Root = Directory.CreateTempSubdirectory("oversight-cluster-").FullName;
        string keys = Path.Combine(Root, "keys");
        Directory.CreateDirectory(keys);
        (string signerKey, VerifierKey) = NoteSigner.Generate(Origin);
        File.WriteAllText(Path.Combine(keys, "log.key"), signerKey + "\n");
        File.WriteAllText(Path.Combine(keys, "pseudonym.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        LogContainer = "log-" + RunId;
        GrainStateContainer = "state-" + RunId;
        ReportContainer = "reports-" + RunId;
        WitnessContainer = "witness-" + RunId;
        HangfireSchema = "hangfire_" + RunId;
        var every = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ADMIN_KEY"] = ServerProcess.AdminKey,
            ["Log:Origin"] = Origin,
            ["Azure:StorageConnectionString"] = components.StorageConnectionString,
            ["Azure:ClusterId"] = "cluster-" + RunId,
            ["Azure:ServiceId"] = "service-" + RunId,
            ["Azure:LogContainer"] = LogContainer,
            ["Azure:GrainStateContainer"] = GrainStateContainer,
            ["Azure:ReportContainer"] = ReportContainer,
            ["Azure:WitnessContainer"] = WitnessContainer,
            ["Azure:KeysDirectory"] = keys,
            ["Hangfire:PostgreSql"] = components.PostgresConnectionString,
            ["Hangfire:Schema"] = HangfireSchema,

            // A killed silo is declared dead after two missed probes of two seconds (Orleans' defaults: three of five),
            // so that its grains move to the survivors within seconds rather than half a minute.
            ["Azure:Membership:ProbeTimeout"] = "00:00:02",
            ["Azure:Membership:NumMissedProbesLimit"] = "2",
        };
        foreach ((string key, string value) in settings ?? new Dictionary<string, string>())
        {
            every[key] = value;
        }

        Settings = every;
    }

    /// <summary>What makes this run's names unique.</summary>
    public string RunId { get; }

    /// <summary>The log's verifier key.</summary>
    public string VerifierKey { get; }

    /// <summary>The blob container of the log.</summary>
    public string LogContainer { get; }

    /// <summary>The blob container of grain state.</summary>
    public string GrainStateContainer { get; }

    /// <summary>The blob container of published report files.</summary>
    public string ReportContainer { get; }

    /// <summary>The blob container of witness cosignatures.</summary>
    public string WitnessContainer { get; }

    /// <summary>The PostgreSQL schema of the cluster's Hangfire storage.</summary>
    public string HangfireSchema { get; }

    /// <summary>The settings every silo gets, as configuration keys.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Every silo started so far, killed or not, in start order.</summary>
    public IReadOnlyList<ServerProcess> Silos
    {
        get
        {
            lock (_gate)
            {
                return [.. _silos];
            }
        }
    }

    private string Root { get; }

    /// <summary>Starts one more silo and waits until it is ready.</summary>
    public Task<ServerProcess> StartSiloAsync(CancellationToken cancellationToken) => StartSiloAsync(new Dictionary<string, string>(), cancellationToken);

    /// <summary>Starts one more silo, with <paramref name="settings"/> added to (or replacing) the cluster's, and waits until it is ready.</summary>
    public async Task<ServerProcess> StartSiloAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        string name = "silo-" + Interlocked.Increment(ref _started).ToString(CultureInfo.InvariantCulture);
        var merged = new Dictionary<string, string>(Settings, StringComparer.Ordinal);
        foreach ((string key, string value) in settings)
        {
            merged[key] = value;
        }

        ServerProcess silo = await ServerProcess.StartAsync(
            new ServerProcessOptions { Profile = ServerProfile.Azure, Name = name, DataDirectory = Path.Combine(Root, name), Environment = merged },
            cancellationToken);
        lock (_gate)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>The log as an auditor with read access to the container sees it, without any silo.</summary>
    public BlobLogStorage OpenLogStorage() =>
        new(new BlobLogStorageOptions { ConnectionString = _components.StorageConnectionString, ContainerName = LogContainer });

    /// <summary>A client of this cluster's blob storage, as an auditor with read access (or a test that plants a blob) has.</summary>
    public BlobServiceClient OpenBlobService() => new(_components.StorageConnectionString);

    /// <summary>The output of every silo, for failure messages.</summary>
    public string Output() =>
        string.Join("\n", Silos.Select(silo => $"--- {silo.Name} ({(silo.IsRunning ? "running" : "stopped")}) ---\n{silo.RecentOutput()}"));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (ServerProcess silo in Silos)
        {
            await silo.DisposeAsync();
        }

        try
        {
            var blobs = new BlobServiceClient(_components.StorageConnectionString);
            await blobs.GetBlobContainerClient(LogContainer).DeleteIfExistsAsync();
            await blobs.GetBlobContainerClient(GrainStateContainer).DeleteIfExistsAsync();
            await blobs.GetBlobContainerClient(ReportContainer).DeleteIfExistsAsync();
            await blobs.GetBlobContainerClient(WitnessContainer).DeleteIfExistsAsync();
        }
        catch (Azure.RequestFailedException)
        {
            // Litter in a test account.
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temp cleaner gets it.
        }
    }
}
