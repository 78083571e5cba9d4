using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Sanctions;

/// <summary>
/// Records the versions of one list source in the log. The history is read from the log (<c>SanctionsListLoaded</c> is
/// an indexed kind), so it survives restarts with no state of its own; the entry id names the previous load's leaf,
/// so silos loading the same new file at once record it once.
/// </summary>
public sealed class SanctionsListGrain(LedgerLog log, TimeProvider time) : Grain, ISanctionsListGrain
{
    /// <inheritdoc/>
    public async Task<LedgerResult> RecordLoadAsync(LoadedListVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        string source = this.GetPrimaryKeyString();
        if (version.Source != source)
        {
            return LedgerResult.Rejected(Domain.Decisions.RejectionCode.InvalidRequest, $"This grain records the list '{source}', not '{version.Source}'.");
        }

        List<(ulong Leaf, SanctionsListLoaded Entry)> history = await HistoryAsync();
        (ulong Leaf, SanctionsListLoaded Entry)? last = history.Count > 0 ? history[^1] : null;
        if (last is { } previous && previous.Entry.Sha256 == version.Sha256)
        {
            return LedgerResult.Recorded(previous.Entry.Id, previous.Leaf, previous.Entry.ToCanonicalJson());
        }

        SanctionsListLoaded entry;
        try
        {
            DateOnly? published = version.PublicationDate is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
            entry = new SanctionsListLoaded(
                EntryIds.SanctionsListLoaded(source, version.Sha256, last?.Leaf), time.GetUtcNow(), source, published, version.Sha256, version.EntryCount);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return LedgerResults.Invalid(e);
        }

        byte[] bytes = entry.ToCanonicalJson();
        if (await log.TryAppendAsync(bytes) is { } receipt)
        {
            return LedgerResult.Recorded(entry.Id, receipt.LeafIndex, bytes);
        }

        // Another silo recorded this very change first: the log holds it under the same id.
        return await log.FindAsync(entry.Id) is { } leaf ? LedgerResult.Recorded(entry.Id, leaf, await log.ReadAsync(leaf)) : LedgerResults.IdTaken(entry.Id);
    }

    /// <inheritdoc/>
    public async Task<LoadedListVersion[]> GetHistoryAsync() =>
        [.. (await HistoryAsync()).Select(h => new LoadedListVersion(
            h.Entry.Source, h.Entry.PublicationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), h.Entry.Sha256,
            (int)h.Entry.EntryCount, h.Entry.Time, h.Leaf))];

    private async Task<List<(ulong Leaf, SanctionsListLoaded Entry)>> HistoryAsync()
    {
        string source = this.GetPrimaryKeyString();
        var history = new List<(ulong, SanctionsListLoaded)>();
        foreach ((ulong leaf, byte[] bytes) in await log.ReadKindAsync(SanctionsListLoaded.KindName))
        {
            if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? parsed, out _) && parsed is SanctionsListLoaded loaded && loaded.Source == source)
            {
                history.Add((leaf, loaded));
            }
        }

        return history;
    }
}
