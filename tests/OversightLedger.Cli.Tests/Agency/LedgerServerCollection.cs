namespace OversightLedger.Cli.Tests.Agency;

/// <summary>The agency tests share one real server; they run one after another against it.</summary>
[CollectionDefinition(Name)]
public sealed class LedgerServerCollection : ICollectionFixture<AgencyLedgerFixture>
{
    public const string Name = "ledger server";
}
