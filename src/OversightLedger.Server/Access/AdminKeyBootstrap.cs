using OversightLedger.Grains.Access;

namespace OversightLedger.Server.Access;

/// <summary>
/// On a first start (no admin key yet) registers the admin key: <c>OVERSIGHT_ADMIN_KEY</c> when set,
/// otherwise a new one, printed once on the console.
/// </summary>
internal sealed partial class AdminKeyBootstrap(IGrainFactory grains, IConfiguration configuration, ILogger<AdminKeyBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IAccessKeyRegistryGrain registry = grains.GetGrain<IAccessKeyRegistryGrain>(AccessKeyRegistry.Key);
        if (await registry.HasAdminAsync())
        {
            return;
        }

        string? configured = configuration["ADMIN_KEY"] ?? configuration["AdminKey"];
        if (configured is not null && !ApiKeys.IsAcceptable(configured))
        {
            throw new InvalidOperationException("OVERSIGHT_ADMIN_KEY must be at least 24 printable ASCII characters without spaces.");
        }

        string key = configured ?? ApiKeys.Generate();
        AccessKeyRecord record = await registry.RegisterAsync("key_admin", ApiKeys.Hash(key), AccessRole.Admin, "admin");
        if (configured is null)
        {
            await Console.Out.WriteLineAsync($"{Environment.NewLine}Admin API key (shown once, store it now): {key}{Environment.NewLine}");
        }

        LogAdminKeyRegistered(logger, record.KeyId, configured is null ? "generated" : "OVERSIGHT_ADMIN_KEY");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registered the first admin key {KeyId} ({Source})")]
    private static partial void LogAdminKeyRegistered(ILogger logger, string keyId, string source);
}
