using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace OversightLedger.Server.Persistence;

/// <summary>
/// Fills in <see cref="SqliteGrainStorageOptions.GrainStorageSerializer"/> when it was left unset: the keyed
/// <see cref="IGrainStorageSerializer"/> registered under the provider's name if any, otherwise Orleans' binary
/// serializer. Unlike Orleans' own default configurator it skips the silo-wide unkeyed serializer, which Orleans
/// always registers as Newtonsoft JSON: that format records CLR type names, where the Orleans serializer honours the
/// <c>[Id]</c> and <c>[Alias]</c> that let ledger state outlive renames.
/// </summary>
internal sealed class SqliteGrainStorageSerializerConfigurator(IServiceProvider services)
    : IPostConfigureOptions<SqliteGrainStorageOptions>
{
    public void PostConfigure(string? name, SqliteGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GrainStorageSerializer is not null)
        {
            return;
        }

        options.GrainStorageSerializer =
            (name is null ? null : services.GetKeyedService<IGrainStorageSerializer>(name))
            ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }
}
