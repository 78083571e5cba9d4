using System.Collections.Concurrent;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Counterparties;

/// <summary>
/// A server process of its own with the full OFAC SDN list (<c>shared/sanctions/ofac-sdn-full/sdn.csv</c>) in force and a
/// second configured list that is broken (a truncated XML file), which must be refused without harm.
/// </summary>
public sealed class ScreeningServerFixture : IAsyncLifetime
{
    private readonly ConcurrentBag<HttpClient> _clients = [];

    /// <summary>The server.</summary>
    public ServerProcess Server { get; private set; } = null!;

    /// <summary>A client without a key.</summary>
    public HttpClient Public { get; private set; } = null!;

    /// <summary>A client with the admin key.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The broken list file.</summary>
    public string BrokenListPath { get; } = Path.Combine(Path.GetTempPath(), $"oversight-broken-list-{Guid.NewGuid():N}.xml");

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        string xml = await File.ReadAllTextAsync(SharedSanctionsData.Path("ofac-consolidated-xml", "consolidated.xml"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(BrokenListPath, xml[..(xml.Length / 2)], TestContext.Current.CancellationToken);
        Server = await ServerProcess.StartAsync(
            new ServerProcessOptions
            {
                Arguments =
                [
                    "--Sanctions:Lists:0:Path", SharedSanctionsData.Path("ofac-sdn-full", "sdn.csv"),
                    "--Sanctions:Lists:1:Path", BrokenListPath, "--Sanctions:Lists:1:Format", "ofac-xml", "--Sanctions:Lists:1:Source", "OFAC-CONSOLIDATED",
                ],
            },
            TestContext.Current.CancellationToken);
        Public = Track(Server.CreateClient());
        Admin = Track(Server.CreateClient(ServerProcess.AdminKey));
    }

    /// <summary>A client with a new API key for <paramref name="role"/> acting for <paramref name="principal"/> (a compliance key: within <paramref name="scope"/>).</summary>
    public async Task<HttpClient> ClientAsync(string role, string principal, string? scope = null)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        object body = scope is null ? new { role, principal } : new { role, principal, scope };
        System.Text.Json.JsonElement created = await Admin.PostJsonAsync("api/keys", body, ct).ExpectCreatedAsync(ct);
        return Track(Server.CreateClient(created.Text("key")));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (HttpClient client in _clients)
        {
            client.Dispose();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        File.Delete(BrokenListPath);
    }

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
