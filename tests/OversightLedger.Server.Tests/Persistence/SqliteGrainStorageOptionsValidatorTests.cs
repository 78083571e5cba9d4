using Orleans.Runtime;
using OversightLedger.Server.Persistence;

namespace OversightLedger.Server.Tests.Persistence;

public sealed class SqliteGrainStorageOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() =>
        new SqliteGrainStorageOptionsValidator(new SqliteGrainStorageOptions(), "sqlite").ValidateConfiguration();

    [Theory]
    [InlineData("", 30)]
    [InlineData("   ", 30)]
    [InlineData("data/grains.db", 0)]
    [InlineData("data/grains.db", -1)]
    public void An_empty_path_or_a_timeout_that_is_not_positive_fails_silo_start(string databasePath, int busyTimeoutSeconds)
    {
        var options = new SqliteGrainStorageOptions { DatabasePath = databasePath, BusyTimeout = TimeSpan.FromSeconds(busyTimeoutSeconds) };

        var failure = Assert.Throws<OrleansConfigurationException>(
            () => new SqliteGrainStorageOptionsValidator(options, "sqlite").ValidateConfiguration());
        Assert.Contains("'sqlite'", failure.Message, StringComparison.Ordinal);
    }
}
