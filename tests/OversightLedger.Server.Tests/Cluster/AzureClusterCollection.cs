namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// The tests that run real server processes in the azure profile: they share one Azurite and one PostgreSQL
/// (<see cref="AzureTestComponents"/>) and run alone, since three silos under load fill both cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzureClusterCollection : ICollectionFixture<AzureTestComponents>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azure-profile cluster";
}
