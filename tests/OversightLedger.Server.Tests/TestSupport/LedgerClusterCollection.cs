namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>The test classes that share one <see cref="LedgerClusterFixture"/>; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class LedgerClusterCollection : ICollectionFixture<LedgerClusterFixture>
{
    public const string Name = "Ledger cluster";
}
