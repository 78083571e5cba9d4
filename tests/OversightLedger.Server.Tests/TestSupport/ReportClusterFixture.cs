using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// A two-silo cluster on its own log whose silos read <see cref="TestClock"/>, for the quarterly report tests: they move
/// time across a quarter's end, which no other test may see.
/// </summary>
public sealed class ReportClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public LedgerClusterDirectory Directory { get; } = new();

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The external client of the cluster.</summary>
    public IGrainFactory Client => Cluster.Client;

    /// <summary>The sequencer of the log.</summary>
    public IAuditLogGrain AuditLog => Client.GetGrain<IAuditLogGrain>(LedgerClusterDirectory.Origin);

    /// <summary>Each silo's own grain factory, so calls start on different silos.</summary>
    public IReadOnlyList<IGrainFactory> SiloGrainFactories =>
        [.. Cluster.Silos.Select(silo => ((InProcessSiloHandle)silo).ServiceProvider.GetRequiredService<IGrainFactory>())];

    public async ValueTask InitializeAsync() =>
        _cluster = await Directory.StartClusterAsync(2, TestContext.Current.CancellationToken, fakeClock: true);

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
