using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;

namespace OversightLedger.Reporting.Building;

/// <summary>
/// For a builder fed without a log to read back from: keeps the first leaf of every indexed id and every disbursement
/// entry, so it grows with the log. <c>oversight replay</c> and the server read entries back from the log instead
/// (<c>Replay/EarlierEntriesOfReplay</c>, <c>Replay/EarlierEntriesInLog</c>).
/// </summary>
internal sealed class EarlierEntriesInMemory : EarlierEntries
{
    private readonly Dictionary<string, ulong> _firstLeafOfId = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, Disbursed> _disbursements = [];

    public override bool TryGetLeafOfId(string id, out ulong leafIndex) => _firstLeafOfId.TryGetValue(id, out leafIndex);

    public override LedgerEntry? EntryAt(ulong leafIndex) => _disbursements.GetValueOrDefault(leafIndex);

    public override void Note(ulong leafIndex, LedgerEntry entry)
    {
        if (LedgerReplay.IndexesIdOf(entry) && _firstLeafOfId.TryAdd(entry.Id, leafIndex) && entry is Disbursed disbursed)
        {
            _disbursements.Add(leafIndex, disbursed);
        }
    }
}
