using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// Disbursing clients spread over the silos of a cluster. Disbursement n goes first to silo n mod the silo count; a
/// request that fails (connection refused or cut, a 5xx, a timeout) is in doubt and is sent again, with the same id and
/// body, to the next silo that is up, until one answers. Records every 201 with its leaf and when it came.
/// </summary>
public sealed class ClusterLoad
{
    private static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(120);
    private readonly IReadOnlyList<ServerProcess> _silos;
    private readonly HttpClient[] _agencies;
    private readonly HttpClient[] _readers;
    private readonly ConcurrentDictionary<int, bool> _down = new();
    private readonly ConcurrentQueue<long> _acknowledgedAtMs = new();
    private readonly FundedProgram _setup;
    private readonly string _runId;
    private int _next;
    private int _inFlight;
    private int _retries;

    /// <summary>Clients of <paramref name="silos"/> disbursing under <paramref name="setup"/>'s program with <paramref name="agencyKey"/>.</summary>
    public ClusterLoad(IReadOnlyList<ServerProcess> silos, FundedProgram setup, string agencyKey, string runId)
    {
        _silos = silos;
        _setup = setup;
        _runId = runId;
        _agencies = [.. silos.Select(silo => silo.CreateClient(agencyKey, TimeSpan.FromSeconds(45)))];
        _readers = [.. silos.Select(silo => silo.CreateClient())];
    }

    /// <summary>Every disbursement answered 201, with its leaf.</summary>
    public ConcurrentDictionary<string, ulong> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers that are neither 201 nor in doubt, and requests no silo answered in time.</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    /// <summary>Requests sent again after a failure.</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Requests waiting for an answer now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Stops sending to <paramref name="silo"/> (it is about to be killed).</summary>
    public void MarkDown(ServerProcess silo) => _down[IndexOf(silo)] = true;

    /// <summary>The clients of the silos that are up (readers: no key).</summary>
    public IEnumerable<HttpClient> LiveClients(bool reader) =>
        Enumerable.Range(0, _silos.Count).Where(i => !_down.ContainsKey(i)).Select(i => reader ? _readers[i] : _agencies[i]);

    /// <summary>The longest time between two acknowledgements (or from <paramref name="fromMs"/> to the next one) after <paramref name="fromMs"/>.</summary>
    public long LongestPauseAfter(long fromMs)
    {
        long previous = fromMs;
        long longest = 0;
        foreach (long at in _acknowledgedAtMs.Where(at => at >= fromMs).Order())
        {
            longest = Math.Max(longest, at - previous);
            previous = at;
        }

        return longest;
    }

    /// <summary>Sends disbursements until <paramref name="total"/> have been taken by the workers.</summary>
    public async Task RunWorkerAsync(int total, Stopwatch clock)
    {
        for (int n = Interlocked.Increment(ref _next); n <= total; n = Interlocked.Increment(ref _next))
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"cl-{_runId}-{n:D5}");
            object body = new
            {
                id,
                budget = _setup.Budget,
                beneficiary = _setup.Beneficiaries[n % _setup.Beneficiaries.Count],
                amount = string.Create(CultureInfo.InvariantCulture, $"{1 + (n % 9)}.{n % 100:D2}"),
            };
            await SendUntilAnsweredAsync(n, id, body, clock);
        }
    }

    private async Task SendUntilAnsweredAsync(int n, string id, object body, Stopwatch clock)
    {
        var deadline = Stopwatch.StartNew();
        string? lastFailure = null;
        for (int attempt = 0; deadline.Elapsed < RequestDeadline; attempt++)
        {
            int silo = (n + attempt) % _silos.Count;
            if (_down.ContainsKey(silo))
            {
                continue;
            }

            if (attempt > 0)
            {
                Interlocked.Increment(ref _retries);
            }

            Interlocked.Increment(ref _inFlight);
            try
            {
                using HttpResponseMessage response = await _agencies[silo].PostJsonAsync($"api/programs/{_setup.Program}/disbursements", body, CancellationToken.None);
                string text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    using var document = JsonDocument.Parse(text);
                    ulong leaf = document.RootElement.GetProperty("leafIndex").GetUInt64();
                    ulong first = Acknowledged.GetOrAdd(id, leaf);
                    _acknowledgedAtMs.Enqueue(clock.ElapsedMilliseconds);
                    if (first != leaf)
                    {
                        Unexpected.Enqueue($"{id}: acknowledged at leaf {first}, then at leaf {leaf}");
                    }

                    return;
                }

                if ((int)response.StatusCode < 500)
                {
                    Unexpected.Enqueue($"{id} on {_silos[silo].Name}: {(int)response.StatusCode} {LedgerHttp.Shorten(text)}");
                    return;
                }

                lastFailure = $"{(int)response.StatusCode} from {_silos[silo].Name}: {LedgerHttp.Shorten(text)}";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                lastFailure = $"{e.GetType().Name} from {_silos[silo].Name}: {e.Message}";
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            await Task.Delay(100);
        }

        Unexpected.Enqueue($"{id}: no silo acknowledged it within {RequestDeadline.TotalSeconds} s; last: {lastFailure}");
    }

    private int IndexOf(ServerProcess silo)
    {
        for (int i = 0; i < _silos.Count; i++)
        {
            if (ReferenceEquals(_silos[i], silo))
            {
                return i;
            }
        }

        throw new ArgumentException($"{silo.Name} is not one of this load's silos.", nameof(silo));
    }
}
