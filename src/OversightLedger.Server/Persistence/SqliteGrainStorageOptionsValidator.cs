using Orleans;
using Orleans.Runtime;

namespace OversightLedger.Server.Persistence;

/// <summary>Fails silo start when a SQLite grain storage provider is configured without a usable path or timeout.</summary>
internal sealed class SqliteGrainStorageOptionsValidator(SqliteGrainStorageOptions options, string name)
    : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            throw new OrleansConfigurationException(
                $"{nameof(SqliteGrainStorageOptions.DatabasePath)} is empty for SQLite grain storage '{name}'.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            throw new OrleansConfigurationException(
                $"{nameof(SqliteGrainStorageOptions.BusyTimeout)} is not positive for SQLite grain storage '{name}'.");
        }
    }
}
