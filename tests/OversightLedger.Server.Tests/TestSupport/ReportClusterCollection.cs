namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>The tests that share one <see cref="ReportClusterFixture"/> and its fake clock; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ReportClusterCollection : ICollectionFixture<ReportClusterFixture>
{
    public const string Name = "Report cluster";
}
