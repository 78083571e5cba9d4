using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using OversightLedger.Domain.Watchdog;
using OversightLedger.Grains;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Reports;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Beneficiaries;
using OversightLedger.Server.Witnesses;
using OversightLedger.Storage.Azure;

namespace OversightLedger.Server.Hosting;

/// <summary>
/// The azure profile (DESIGN §6): any number of co-hosted silos on one Azure Storage account. Clustering and reminders
/// are Azure tables, grain state is blobs, the log is the tlog-tiles layout in a blob container (<see cref="BlobLogStorage"/>,
/// which cannot be forked by two writers), and every silo signs with the same log key and derives pseudonyms with the
/// same key, both read from <see cref="AzureProfileOptions.KeysDirectory"/> and never generated here. Published report
/// files (<see cref="BlobReportStore"/>, container <c>Azure:ReportContainer</c>) and witness cosignatures
/// (<see cref="BlobCosignatureNotes"/>, container <c>Azure:WitnessContainer</c>) are blobs too, so every silo serves
/// what any silo stored; they are registered here, before the embedded defaults' <c>TryAdd</c>s run.
/// </summary>
internal static class AzureSiloSetup
{
    /// <summary>The setting that names the blob container of published report files.</summary>
    public const string ReportContainerSetting = AzureProfileOptions.Section + ":ReportContainer";

    /// <summary>The setting that names the blob container of witness cosignatures.</summary>
    public const string WitnessContainerSetting = AzureProfileOptions.Section + ":WitnessContainer";

    /// <summary>The container of the grains' state snapshots (issue 17); default <c>snapshots</c>.</summary>
    public const string SnapshotContainerSetting = AzureProfileOptions.Section + ":SnapshotContainer";

    public static WebApplicationBuilder AddAzureSilo(this WebApplicationBuilder builder, ServerOptions options, TimeProvider clock)
    {
        AzureProfileOptions azure = builder.Configuration.GetSection(AzureProfileOptions.Section).Get<AzureProfileOptions>() ?? new AzureProfileOptions();
        if (string.IsNullOrWhiteSpace(azure.StorageConnectionString))
        {
            throw new InvalidOperationException("The azure profile needs Azure:StorageConnectionString (OVERSIGHT_Azure__StorageConnectionString).");
        }

        string logKeyPath = RequiredSecretFile(azure, "log.key");
        string pseudonymKeyPath = RequiredSecretFile(azure, "pseudonym.key");
        string origin = builder.Configuration.GetSection("Log").Get<AuditLogOptions>()?.Origin ?? new AuditLogOptions().Origin;
        var logStorage = new BlobLogStorageOptions { ConnectionString = azure.StorageConnectionString, ContainerName = azure.LogContainer };

        builder.Services.AddSingleton(azure);
        builder.Services.Configure<AuditLogOptions>(builder.Configuration.GetSection("Log"));
        builder.Services.AddLedgerGrainServices(_ => new AuditLogStore(
            new BlobLogStorage(logStorage),
            () => new BlobLogStorage(logStorage),
            LogSigningKey.Load(logKeyPath, origin),
            origin), clock);
        builder.Services.AddSingleton(_ => PseudonymKey.LoadOrCreate(Path.GetDirectoryName(pseudonymKeyPath)!));
        builder.Services.AddSingleton(_ => new BlobServiceClient(azure.StorageConnectionString));

        // Shared by every silo, unlike the embedded profile's data/reports and data/witness (ReportsSetup and
        // WitnessingSetup add those only when nothing is registered yet; Program.cs adds this profile first).
        string reportContainer = Setting(builder.Configuration, ReportContainerSetting, "reports");
        string witnessContainer = Setting(builder.Configuration, WitnessContainerSetting, "witness");
        builder.Services.AddSingleton<IReportStore>(_ => new SharedReportStore(new BlobReportStore(azure.StorageConnectionString, reportContainer)));
        builder.Services.AddSingleton<ICosignatureFiles>(_ => new BlobCosignatureFiles(
            new BlobCosignatureNotes(new BlobContainerClient(azure.StorageConnectionString, witnessContainer))));
        builder.Services.Configure<GrainSnapshotOptions>(builder.Configuration.GetSection("Snapshots"));
        builder.Services.AddGrainSnapshots(_ => new BlobGrainSnapshotStore(
            new BlobSnapshotStore(new BlobContainerClient(azure.StorageConnectionString, Setting(builder.Configuration, SnapshotContainerSetting, "snapshots")))));
        builder.Services.AddOptions<WatchdogRuleSettings>().Bind(builder.Configuration.GetSection("Watchdog:Rules"))
            .Validate(settings => settings.Validate() is not null, "Watchdog:Rules holds an invalid threshold.");

        IPAddress advertised = AdvertisedAddress(options);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = azure.ClusterId;
                cluster.ServiceId = azure.ServiceId;
            });
            silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(AzureProfileOptions.Section + ":Membership"));
            silo.UseAzureStorageClustering(clustering => clustering.TableServiceClient = new TableServiceClient(azure.StorageConnectionString));
            silo.UseAzureTableReminderService(reminders => reminders.TableServiceClient = new TableServiceClient(azure.StorageConnectionString));

            // Blobs rather than table entities: a registry grain (all API keys, all witness keys) keeps its whole
            // state in one record, which a table entity caps at 1 MiB; a blob has no such cap. Orleans' own serializer,
            // as in the embedded profile, so state honours [Id]/[Alias] rather than CLR type names.
            silo.AddAzureBlobGrainStorage(GrainStorageNames.Ledger, (OptionsBuilder<AzureBlobStorageOptions> storage) => storage.Configure<Serializer>((blobs, serializer) =>
            {
                blobs.BlobServiceClient = new BlobServiceClient(azure.StorageConnectionString);
                blobs.ContainerName = azure.GrainStateContainer;
                blobs.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        });
        return builder;
    }

    /// <summary>A container-name setting, or its default when unset.</summary>
    private static string Setting(IConfiguration configuration, string key, string fallback) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : fallback;

    /// <summary>The path of a secret in the keys directory, which must exist: a silo never makes a key of its own.</summary>
    private static string RequiredSecretFile(AzureProfileOptions azure, string name)
    {
        if (string.IsNullOrWhiteSpace(azure.KeysDirectory))
        {
            throw new InvalidOperationException(
                "The azure profile needs Azure:KeysDirectory, a directory holding log.key and pseudonym.key that every silo shares (see infra/README.md).");
        }

        string path = Path.Combine(Path.GetFullPath(azure.KeysDirectory), name);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The azure profile's {name} is missing from {azure.KeysDirectory}: every silo must sign and pseudonymise with the same keys, so none is generated.");
    }

    /// <summary>The configured <see cref="ServerOptions.AdvertisedIp"/>, else the host's first IPv4 address that is not loopback.</summary>
    private static IPAddress AdvertisedAddress(ServerOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.AdvertisedIp))
        {
            return IPAddress.Parse(options.AdvertisedIp);
        }

        return Dns.GetHostAddresses(Dns.GetHostName())
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            ?? IPAddress.Loopback;
    }

    /// <summary>The report store of the grains and <c>/reports/</c>, on <see cref="BlobReportStore"/> (which knows no grain types).</summary>
    private sealed class SharedReportStore(BlobReportStore blobs) : IReportStore
    {
        public Task<string> PutAsync(byte[] content, CancellationToken cancellationToken = default) => blobs.PutAsync(content, cancellationToken);

        public Task<byte[]?> GetAsync(string sha256Hex, CancellationToken cancellationToken = default) => blobs.GetAsync(sha256Hex, cancellationToken);
    }
}
