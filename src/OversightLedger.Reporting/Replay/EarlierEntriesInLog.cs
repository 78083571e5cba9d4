using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Reporting.Building;

namespace OversightLedger.Reporting.Replay;

/// <summary>
/// For a builder that runs alone over a log (the server's reports): an id index of its own, the same as a bounded
/// replay's (<see cref="EntryIdFingerprintIndex"/>: 12-byte slots, 16–32 bytes per indexed entry, no object per id), and
/// entries read back from the batch in hand or from the log.
/// </summary>
internal sealed class EarlierEntriesInLog : EarlierEntries
{
    private readonly LoggedLeafReader _leaves;
    private readonly EntryIdFingerprintIndex _ids;

    public EarlierEntriesInLog(LoggedLeafReader leaves)
    {
        _leaves = leaves;
        _ids = new EntryIdFingerprintIndex(leaf => leaves.EntryAt(leaf)?.Id);
    }

    public override bool TryGetLeafOfId(string id, out ulong leafIndex) => _ids.TryGetLeaf(id, out leafIndex);

    public override LedgerEntry? EntryAt(ulong leafIndex) => _leaves.EntryAt(leafIndex);

    public override void Note(ulong leafIndex, LedgerEntry entry)
    {
        if (LedgerReplay.IndexesIdOf(entry))
        {
            _ids.TryAdd(entry.Id, leafIndex);
        }
    }
}
