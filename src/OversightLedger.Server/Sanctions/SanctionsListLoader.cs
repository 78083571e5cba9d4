using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Sanctions;
using OversightLedger.Sanctions;

namespace OversightLedger.Server.Sanctions;

/// <summary>
/// Loads the configured lists — from files or http(s) addresses — at start (after the silo) and at each run of the
/// <c>sanctions-refresh</c> job: each list that parses is put in force (unless the same version already is) and, when its
/// SHA-256 differs from the last <c>SanctionsListLoaded</c> the log holds for its source, recorded (once, whichever
/// silo); a list that does not parse or download is refused with a clear log message and the version in force (if any)
/// stays. One load at a time. When a load puts a changed version in force — another version than the one in force, or at
/// start one the log does not hold yet — every registered counterparty is re-screened in the background
/// (<see cref="CounterpartyRescreener"/>); the load does not wait for it.
/// </summary>
internal sealed partial class SanctionsListLoader(
    SanctionsOptions options, SanctionsLists lists, IGrainFactory grains, IHttpClientFactory httpClients, CounterpartyRescreener rescreener, TimeProvider time,
    ILogger<SanctionsListLoader> logger) : IHostedService
{
    /// <summary>The named HTTP client lists are downloaded with.</summary>
    public const string HttpClientName = "sanctions-lists";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private SanctionsListState[] _states = [];
    private Task _rescreening = Task.CompletedTask;

    /// <summary>The state of each configured list after the last load.</summary>
    public IReadOnlyList<SanctionsListState> States
    {
        get
        {
            lock (_gate)
            {
                return _states;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lists.Threshold = options.Threshold;
        await LoadAllAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task rescreening;
        lock (_gate)
        {
            rescreening = _rescreening;
        }

        try
        {
            await rescreening.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: what was not re-screened is screened when next read or paid.
        }
    }

    /// <summary>Loads every configured list; a refused one leaves its previous version in force.</summary>
    public async Task<IReadOnlyList<SanctionsListState>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            var downloader = new SanctionsListDownloader(httpClients.CreateClient(HttpClientName), options.Download);
            var states = new List<SanctionsListState>();
            bool changed = false;
            foreach (SanctionsListFile file in options.Lists)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (SanctionsListState state, bool changedVersion) = await LoadAsync(file, downloader, cancellationToken);
                states.Add(state);
                changed |= changedVersion;
            }

            lock (_gate)
            {
                _states = [.. states];
                if (changed)
                {
                    Task previous = _rescreening;
                    _rescreening = Task.Run(() => RescreenAfterAsync(previous), CancellationToken.None);
                }
            }

            return states;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Re-screens every counterparty once <paramref name="previous"/> (an earlier re-screening) is done; never throws.</summary>
    private async Task RescreenAfterAsync(Task previous)
    {
        await previous;
        try
        {
            await rescreener.RunAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            LogRescreeningFailed(logger, e);
        }
    }

    /// <summary>Loads one list; true with it when a changed version was put in force (re-screen every counterparty).</summary>
    private async Task<(SanctionsListState State, bool Changed)> LoadAsync(SanctionsListFile file, SanctionsListDownloader downloader, CancellationToken cancellationToken)
    {
        string name = file.Location;
        SanctionsList list;
        try
        {
            list = await SanctionsListFormats.ReadAsync(file, downloader, cancellationToken);
        }
        catch (Exception e) when (e is SanctionsListFormatException or SanctionsListDownloadException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogRefused(logger, name, file.Format, e.Message);
            string? source = null;
            try
            {
                source = SanctionsListFormats.SourceOf(file);
            }
            catch (ArgumentException)
            {
                // An unknown format has no source, and so no version in force.
            }

            SanctionsListVersion? inForce = lists.Current?.Versions.FirstOrDefault(v => v.Source == source);
            return (new SanctionsListState(name, file.Format, "refused", e.Message, inForce?.Source, inForce?.Sha256, inForce?.EntryCount, Date(inForce), null), false);
        }

        // The same version again (a refresh of an unchanged list): nothing to rebuild, nothing new to record.
        SanctionsListVersion? before = lists.Current?.Versions.FirstOrDefault(v => v.Source == list.Version.Source);
        bool replaced = before is null || before.Sha256 != list.Version.Sha256;
        if (replaced)
        {
            lists.Replace(list);
        }

        SanctionsListVersion version = list.Version;
        bool newInLog = true;
        try
        {
            LoadedListVersion[] history = await grains.GetGrain<ISanctionsListGrain>(version.Source).GetHistoryAsync();
            newInLog = history.Length == 0 || history[^1].Sha256 != version.Sha256;
            LedgerResult recorded = await grains.GetGrain<ISanctionsListGrain>(version.Source)
                .RecordLoadAsync(new LoadedListVersion(version.Source, Date(version), version.Sha256, version.EntryCount));
            LogLoaded(logger, version.Source, version.EntryCount, version.Sha256, recorded.Accepted ? recorded.EntryId : recorded.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The list is in force either way; the next start records it (the record is idempotent).
            LogNotRecorded(logger, e, version.Source, version.Sha256);
        }

        // At start nothing is in force: the version is a change only when the log does not hold it yet (otherwise the
        // counterparties were screened against it before the restart, or are when next read or paid).
        bool changed = replaced && (before is not null || newInLog);
        return (new SanctionsListState(name, file.Format, "in-force", null, version.Source, version.Sha256, version.EntryCount, Date(version), time.GetUtcNow()), changed);
    }

    private static string? Date(SanctionsListVersion? version) =>
        version?.PublicationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sanctions list {Path} ({Format}) refused, the previous version (if any) stays in force: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string format, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sanctions list {Source} ({Sha256}) is in force but could not be recorded in the log; the next start records it")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string source, string sha256);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-screening the counterparties after a sanctions list change failed; each is screened when next read or paid")]
    private static partial void LogRescreeningFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sanctions list {Source} in force: {EntryCount} entries, SHA-256 {Sha256} (log: {Entry})")]
    private static partial void LogLoaded(ILogger logger, string source, int entryCount, string sha256, string? entry);
}
