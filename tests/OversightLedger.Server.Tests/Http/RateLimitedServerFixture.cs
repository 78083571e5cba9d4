using System.Globalization;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>A server process of its own with low rate limits (<see cref="PerKey"/>, <see cref="PerAddress"/> per second).</summary>
public sealed class RateLimitedServerFixture : IAsyncLifetime
{
    /// <summary>Requests per second and API key.</summary>
    public const int PerKey = 5;

    /// <summary>Requests per second and client address.</summary>
    public const int PerAddress = 100;

    /// <summary>The server.</summary>
    public ServerProcess Server { get; private set; } = null!;

    /// <inheritdoc/>
    public async ValueTask InitializeAsync() =>
        Server = await ServerProcess.StartAsync(
            new ServerProcessOptions { Arguments = ["--RateLimits:PerKeyPerSecond", PerKey.ToString(CultureInfo.InvariantCulture), "--RateLimits:PerAddressPerSecond", PerAddress.ToString(CultureInfo.InvariantCulture)] },
            TestContext.Current.CancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
