using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Sanctions;
using OversightLedger.Sanctions;

namespace OversightLedger.Server.Sanctions;

/// <summary>
/// Loads the configured lists at start (after the silo): each list that parses is put in force and, when its SHA-256
/// differs from the last <c>SanctionsListLoaded</c> the log holds for its source, recorded (once, whichever silo); a
/// list that does not parse is refused with a clear log message and the version in force (if any) stays.
/// </summary>
internal sealed partial class SanctionsListLoader(
    SanctionsOptions options, SanctionsLists lists, IGrainFactory grains, TimeProvider time, ILogger<SanctionsListLoader> logger) : IHostedService
{
    private readonly Lock _gate = new();
    private SanctionsListState[] _states = [];

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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Loads every configured list; a refused one leaves its previous version in force.</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        var states = new List<SanctionsListState>();
        foreach (SanctionsListFile file in options.Lists)
        {
            cancellationToken.ThrowIfCancellationRequested();
            states.Add(await LoadAsync(file));
        }

        lock (_gate)
        {
            _states = [.. states];
        }
    }

    private async Task<SanctionsListState> LoadAsync(SanctionsListFile file)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(file.Path));
        SanctionsList list;
        try
        {
            list = await Task.Run(() => SanctionsListFormats.Read(file));
        }
        catch (Exception e) when (e is SanctionsListFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogRefused(logger, file.Path, file.Format, e.Message);
            SanctionsListVersion? inForce = lists.Current?.Versions.FirstOrDefault(v => v.Source == (file.Format == SanctionsListFormats.OfacSdnCsv ? OfacSdnCsvParser.SourceName : file.Source ?? "OFAC-CONSOLIDATED"));
            return new SanctionsListState(name, file.Format, "refused", e.Message, inForce?.Source, inForce?.Sha256, inForce?.EntryCount, Date(inForce), null);
        }

        lists.Replace(list);
        SanctionsListVersion version = list.Version;
        try
        {
            LedgerResult recorded = await grains.GetGrain<ISanctionsListGrain>(version.Source)
                .RecordLoadAsync(new LoadedListVersion(version.Source, Date(version), version.Sha256, version.EntryCount));
            LogLoaded(logger, version.Source, version.EntryCount, version.Sha256, recorded.Accepted ? recorded.EntryId : recorded.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The list is in force either way; the next start records it (the record is idempotent).
            LogNotRecorded(logger, e, version.Source, version.Sha256);
        }

        return new SanctionsListState(name, file.Format, "in-force", null, version.Source, version.Sha256, version.EntryCount, Date(version), time.GetUtcNow());
    }

    private static string? Date(SanctionsListVersion? version) =>
        version?.PublicationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sanctions list {Path} ({Format}) refused, the previous version (if any) stays in force: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string format, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sanctions list {Source} ({Sha256}) is in force but could not be recorded in the log; the next start records it")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string source, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sanctions list {Source} in force: {EntryCount} entries, SHA-256 {Sha256} (log: {Entry})")]
    private static partial void LogLoaded(ILogger logger, string source, int entryCount, string sha256, string? entry);
}
