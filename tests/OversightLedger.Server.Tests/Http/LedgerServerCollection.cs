namespace OversightLedger.Server.Tests.Http;

/// <summary>The HTTP tests that share one server (<see cref="LedgerServerFixture"/>); they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LedgerServerCollection : ICollectionFixture<LedgerServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Ledger server over HTTP";
}
