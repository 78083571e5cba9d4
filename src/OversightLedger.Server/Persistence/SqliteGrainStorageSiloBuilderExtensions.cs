using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace OversightLedger.Server.Persistence;

/// <summary>Registers <see cref="SqliteGrainStorage"/> with a silo.</summary>
public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Adds SQLite grain storage as the default provider, used by <c>[PersistentState(stateName)]</c> without a
    /// storage name.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; see <see cref="SqliteGrainStorageOptions"/> for the defaults.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(
        this ISiloBuilder builder, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name, as used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="configure">Sets the options; see <see cref="SqliteGrainStorageOptions"/> for the defaults.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(
        this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        builder.Services.AddSqliteGrainStorage(name, configure);
        return builder;
    }

    private static void AddSqliteGrainStorage(
        this IServiceCollection services, string name, Action<SqliteGrainStorageOptions>? configure)
    {
        OptionsBuilder<SqliteGrainStorageOptions> options = services.AddOptions<SqliteGrainStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor
            .Transient<IPostConfigureOptions<SqliteGrainStorageOptions>, SqliteGrainStorageSerializerConfigurator>());
        services.AddTransient<IConfigurationValidator>(sp => new SqliteGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name), name));
        services.ConfigureNamedOptionForLogging<SqliteGrainStorageOptions>(name);

        // Keyed singleton under the name, unkeyed alias for the default name, and silo lifecycle participation.
        services.AddGrainStorage(name, SqliteGrainStorage.Create);
    }
}
