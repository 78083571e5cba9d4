using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OversightLedger.Grains;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Hosting;
using OversightLedger.Storage.Azure;
using OversightLedger.Transparency.Notes;
using Azure.Storage.Blobs;

namespace OversightLedger.Server.Tests.AuditLog;

/// <summary>
/// A test silo wired like the azure profile's sequencer: the log in blobs (Azurite), the index in memory, grain snapshots
/// in a blob container; snapshot thresholds small. Every message a silo logs is kept in <see cref="Messages"/>.
/// </summary>
public sealed class AzureSequencerIndexSiloConfigurator : ISiloConfigurator
{
    public const string StorageKey = "AzureSequencerIndex:Storage";
    public const string LogContainerKey = "AzureSequencerIndex:LogContainer";
    public const string SnapshotContainerKey = "AzureSequencerIndex:SnapshotContainer";
    public const string SignerKeyKey = "AzureSequencerIndex:SignerKey";
    public const string OriginKey = "AzureSequencerIndex:Origin";
    public const string SnapshotEveryKey = "AzureSequencerIndex:SnapshotEvery";

    /// <summary>What the silos of this process logged, oldest first.</summary>
    public static ConcurrentQueue<string> Messages { get; } = new();

    public void Configure(ISiloBuilder siloBuilder)
    {
        string storage = siloBuilder.Configuration[StorageKey]!;
        string origin = siloBuilder.Configuration[OriginKey]!;
        var signer = new NoteSigner(siloBuilder.Configuration[SignerKeyKey]!);
        var logStorage = new BlobLogStorageOptions { ConnectionString = storage, ContainerName = siloBuilder.Configuration[LogContainerKey]! };
        int every = int.Parse(siloBuilder.Configuration[SnapshotEveryKey]!, System.Globalization.CultureInfo.InvariantCulture);

        siloBuilder.Services.AddLogging(logging => logging.AddProvider(new CollectingLoggerProvider()));
        siloBuilder.Services.Configure<AuditLogOptions>(options => options.Origin = origin);
        siloBuilder.Services.AddLedgerGrainServices(_ => new AuditLogStore(new BlobLogStorage(logStorage), () => new BlobLogStorage(logStorage), signer, origin));
        siloBuilder.Services.Configure<GrainSnapshotOptions>(options =>
        {
            options.MinEntries = every;
            options.EveryEntries = every;
            options.IdleAfter = TimeSpan.Zero;
        });
        siloBuilder.Services.AddGrainSnapshots(_ => new BlobGrainSnapshotStore(
            new BlobSnapshotStore(new BlobContainerClient(storage, siloBuilder.Configuration[SnapshotContainerKey]!))));
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CollectingLogger();

        public void Dispose()
        {
        }
    }

    private sealed class CollectingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Messages.Enqueue(formatter(state, exception));
            }
        }
    }
}
