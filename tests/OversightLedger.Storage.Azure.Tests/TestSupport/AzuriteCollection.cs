namespace OversightLedger.Storage.Azure.Tests.TestSupport;

/// <summary>The tests that share one Azurite (<see cref="AzuriteFixture"/>); each uses containers of its own.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name, for <c>[Collection(AzuriteCollection.Name)]</c>.</summary>
    public const string Name = "Azurite";
}
