using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Reporting.Building;

namespace OversightLedger.Reporting.Replay;

/// <summary>
/// For the builder that runs beside a whole-log <see cref="LedgerReplay"/> (<c>oversight replay</c>): the replay's own id
/// index says which leaf holds an id, and the entry is taken from the batch in hand or read back from the log. The
/// builder keeps nothing per disbursement. The replay must be given each leaf after the builder.
/// </summary>
internal sealed class EarlierEntriesOfReplay(LedgerReplay replay, LoggedLeafReader leaves) : EarlierEntries
{
    public override bool TryGetLeafOfId(string id, out ulong leafIndex) => replay.TryGetLeafOfId(id, out leafIndex);

    public override LedgerEntry? EntryAt(ulong leafIndex) => leaves.EntryAt(leafIndex);
}
