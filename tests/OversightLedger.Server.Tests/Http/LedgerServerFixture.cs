using System.Collections.Concurrent;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// One real server process for all the HTTP tests of <see cref="LedgerServerCollection"/> (they run one after
/// another, so a test sees only its own writes in the log), with an anonymous and an admin client, and API keys
/// made on demand for the principals a test needs.
/// </summary>
public sealed class LedgerServerFixture : IAsyncLifetime
{
    private readonly ConcurrentBag<HttpClient> _clients = [];
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _shared = new(StringComparer.Ordinal);

    /// <summary>The server.</summary>
    public ServerProcess Server { get; private set; } = null!;

    /// <summary>A client without a key (the public).</summary>
    public HttpClient Public { get; private set; } = null!;

    /// <summary>A client with the admin key.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The log's verifier key, as <c>/log/key</c> publishes it.</summary>
    public NoteVerifier Verifier { get; private set; } = null!;

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(TestContext.Current.CancellationToken);
        Public = Track(Server.CreateClient());
        Admin = Track(Server.CreateClient(ServerProcess.AdminKey));
        Verifier = new NoteVerifier((await Public.GetStringAsync(new Uri("log/key", UriKind.Relative), TestContext.Current.CancellationToken)).Trim());
    }

    /// <summary>A client with a new API key for <paramref name="role"/> acting for <paramref name="principal"/>.</summary>
    public async Task<HttpClient> ClientAsync(string role, string principal, CancellationToken cancellationToken) =>
        Track(Server.CreateClient(await Admin.CreateKeyAsync(role, principal, cancellationToken)));

    /// <summary>A donor, a watchdog and an agency with fresh principals, and a funded program they set up.</summary>
    public async Task<(HttpClient Donor, HttpClient Watchdog, HttpClient Agency, FundedProgram Program)> FundedProgramAsync(
        int beneficiaries, string released, string capPerPeriod, CancellationToken cancellationToken)
    {
        HttpClient donor = await ClientAsync("donor", LedgerHttp.UniqueId("donor"), cancellationToken);
        HttpClient watchdog = await ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), cancellationToken);
        HttpClient agency = await ClientAsync("agency", LedgerHttp.UniqueId("agency"), cancellationToken);
        FundedProgram program = await FundedProgram.CreateAsync(donor, watchdog, agency, beneficiaries, released, capPerPeriod, cancellationToken);
        return (donor, watchdog, agency, program);
    }

    /// <summary>Something set up once for the whole fixture under <paramref name="key"/> (e.g. one scenario for all rows of a theory).</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> create)
        where T : class =>
        (T)await _shared.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await create())).Value;

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
    }

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
