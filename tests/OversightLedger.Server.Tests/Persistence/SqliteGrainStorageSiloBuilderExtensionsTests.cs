using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Storage;
using OversightLedger.Server.Persistence;

namespace OversightLedger.Server.Tests.Persistence;

public sealed class SqliteGrainStorageSiloBuilderExtensionsTests
{
    [Fact]
    public void Named_and_default_registrations_resolve_to_sqlite_storage_with_their_own_options()
    {
        string namedPath = Path.Combine(Path.GetTempPath(), "named", "grains.db");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering()
            .AddSqliteGrainStorage("ledger", options => options.DatabasePath = namedPath)
            .AddSqliteGrainStorageAsDefault());
        using IHost host = builder.Build();

        var named = Assert.IsType<SqliteGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("ledger"));
        var byDefault = Assert.IsType<SqliteGrainStorage>(host.Services.GetRequiredService<IGrainStorage>());

        Assert.Equal(namedPath, named.DatabasePath);
        Assert.Equal(Path.GetFullPath(SqliteGrainStorageOptions.DefaultDatabasePath), byDefault.DatabasePath);
        Assert.Contains(host.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), participant => ReferenceEquals(participant, named));
    }

    [Fact]
    public void The_serializer_defaults_to_orleans_binary_unless_one_is_keyed_to_the_provider_name()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering()
            .AddSqliteGrainStorage("binary")
            .AddSqliteGrainStorage("json"));
        builder.Services.AddKeyedSingleton<IGrainStorageSerializer>("json", (services, _) => services.GetRequiredService<IGrainStorageSerializer>());
        using IHost host = builder.Build();

        IOptionsMonitor<SqliteGrainStorageOptions> options = host.Services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>();

        Assert.IsType<OrleansGrainStorageSerializer>(options.Get("binary").GrainStorageSerializer);
        Assert.IsType<JsonGrainStorageSerializer>(options.Get("json").GrainStorageSerializer);
    }
}
