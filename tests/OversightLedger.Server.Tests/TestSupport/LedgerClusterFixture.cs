using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// A three-silo cluster on one log directory and one SQLite file, shared by the tests of a collection. Tests keep out
/// of each other's way by using their own budget, program and entry ids (see <see cref="LedgerScenarioBuilder"/>).
/// </summary>
public sealed class LedgerClusterFixture : IAsyncLifetime
{
    public const short SiloCount = 3;

    private TestCluster? _cluster;

    public LedgerClusterDirectory Directory { get; } = new();

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The external client of the cluster.</summary>
    public IGrainFactory Client => Cluster.Client;

    /// <summary>The sequencer of the log, through the external client.</summary>
    public IAuditLogGrain AuditLog => Client.GetGrain<IAuditLogGrain>(LedgerClusterDirectory.Origin);

    /// <summary>
    /// Ways into the cluster: the external client, then each silo's own grain factory, so calls enter through different
    /// gateways and silos.
    /// </summary>
    public IReadOnlyList<IGrainFactory> GrainFactories =>
        [Cluster.Client, .. Cluster.Silos.Select(silo => ((InProcessSiloHandle)silo).ServiceProvider.GetRequiredService<IGrainFactory>())];

    public LedgerLogFiles LogFiles => Directory.OpenLogFiles();

    /// <summary>The size of the log as the sequencer's latest signed checkpoint says.</summary>
    public async Task<ulong> TreeSizeAsync() => (await AuditLog.GetTreeHeadAsync()).TreeSize;

    public async ValueTask InitializeAsync() =>
        _cluster = await Directory.StartClusterAsync(SiloCount, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync(CancellationToken.None);
            await _cluster.DisposeAsync();
        }

        Directory.Dispose();
    }
}
