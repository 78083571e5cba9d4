using Orleans.Runtime;
using Orleans.TestingHost;
using OversightLedger.Server.Persistence;

namespace OversightLedger.Server.Tests.Persistence;

[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class SqliteGrainStorageClusterTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Grain_state_survives_a_restart_of_the_whole_cluster()
    {
        await using (TestCluster first = await StartClusterAsync())
        {
            ISqliteProbeGrain grain = first.GrainFactory.GetGrain<ISqliteProbeGrain>("restart");
            Assert.Equal(new SqliteProbeSnapshot("", false, "", false), await grain.GetAsync());

            await grain.SetAsync("written before the restart");

            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }

        // The state is in the file, under the grain's id, whatever the silo remembers.
        using (SqliteGrainStorage storage = _directory.CreateStorage())
        {
            var stored = new GrainState<SqliteProbeState>(new SqliteProbeState());
            await storage.ReadStateAsync(
                SqliteProbeGrain.NamedStateName,
                GrainId.Create(SqliteProbeGrain.GrainTypeName, "restart"),
                stored,
                TestContext.Current.CancellationToken);
            Assert.Equal("written before the restart", stored.State!.Text);
        }

        await using (TestCluster second = await StartClusterAsync())
        {
            ISqliteProbeGrain grain = second.GrainFactory.GetGrain<ISqliteProbeGrain>("restart");

            Assert.Equal(
                new SqliteProbeSnapshot("written before the restart", true, "written before the restart", true),
                await grain.GetAsync());

            await second.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }
    }

    private async Task<TestCluster> StartClusterAsync()
    {
        var builder = new TestClusterBuilder { Options = { InitialSilosCount = 1 } };
        builder.Properties[SqliteStorageSiloConfigurator.DatabasePathKey] = _directory.DatabasePath;
        builder.AddSiloBuilderConfigurator<SqliteStorageSiloConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }
}
