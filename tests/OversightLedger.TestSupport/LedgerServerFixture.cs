using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OversightLedger.Transparency.Notes;
using Xunit;

namespace OversightLedger.TestSupport;

/// <summary>
/// One real embedded server (<see cref="ServerProcess"/>) shared by the tests of a class or collection, with an anonymous
/// and an admin client, the log's verifier key, API keys made on demand for the principals a test needs, a temporary
/// directory for the files tests write, and things set up once for all of them (<see cref="SharedAsync{T}"/>).
/// A subclass gives other <see cref="ServerOptions"/> or does more before the server starts and after it is ready.
/// </summary>
public class LedgerServerFixture : IAsyncLifetime
{
    private readonly ConcurrentBag<HttpClient> _clients = [];
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _shared = new(StringComparer.Ordinal);
    private ServerProcess? _server;

    /// <summary>The server.</summary>
    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The server's base URL without the trailing '/' (for the CLI's <c>--server</c>).</summary>
    public string ServerUrl => Server.BaseAddress.AbsoluteUri.TrimEnd('/');

    /// <summary>A client without a key (the public).</summary>
    public HttpClient Public { get; private set; } = null!;

    /// <summary>A client with the admin key.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The log's verifier key as <c>/log/key</c> publishes it (trimmed).</summary>
    public string LogKey { get; private set; } = string.Empty;

    /// <summary>The log's verifier key, parsed.</summary>
    public NoteVerifier Verifier { get; private set; } = null!;

    /// <summary>Files the tests write (key files, payment lists, receipts, witness state).</summary>
    public TemporaryDirectory Temp { get; } = new("oversight-fixture-");

    /// <summary>How the server is started (the defaults of <see cref="ServerProcessOptions"/> here).</summary>
    protected virtual ServerProcessOptions ServerOptions => new();

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await BeforeServerStartsAsync();
        _server = await ServerProcess.StartAsync(ServerOptions, cancellationToken);
        Public = Track(_server.CreateClient());
        Admin = Track(_server.CreateClient(_server.Options.AdminKey));
        LogKey = (await Public.GetStringAsync(new Uri("log/key", UriKind.Relative), cancellationToken)).Trim();
        Verifier = new NoteVerifier(LogKey);
        await AfterServerStartedAsync();
    }

    /// <summary>A new API key (made with the admin key) for <paramref name="role"/> acting for <paramref name="principal"/>.</summary>
    public async Task<string> CreateKeyAsync(string role, string principal, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await Admin.PostAsJsonAsync(new Uri("api/keys", UriKind.Relative), new { role, principal }, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST api/keys ({role}, {principal}): {(int)response.StatusCode} {body}");
        }

        using JsonDocument created = JsonDocument.Parse(body);
        return created.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>A client with a new API key for <paramref name="role"/> acting for <paramref name="principal"/>.</summary>
    public async Task<HttpClient> ClientAsync(string role, string principal, CancellationToken cancellationToken) =>
        Track(Server.CreateClient(await CreateKeyAsync(role, principal, cancellationToken)));

    /// <summary>A client with <paramref name="apiKey"/> (or none), disposed with the fixture.</summary>
    public HttpClient Client(string? apiKey) => Track(Server.CreateClient(apiKey));

    /// <summary>Something set up once for the whole fixture under <paramref name="key"/> (e.g. one scenario for all rows of a theory).</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> create)
        where T : class =>
        (T)await _shared.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await create())).Value;

    /// <inheritdoc/>
    public virtual async ValueTask DisposeAsync()
    {
        foreach (HttpClient client in _clients)
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs before the server starts (nothing here).</summary>
    protected virtual Task BeforeServerStartsAsync() => Task.CompletedTask;

    /// <summary>Runs once the server is ready and the clients are made (nothing here).</summary>
    protected virtual Task AfterServerStartedAsync() => Task.CompletedTask;

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
