using System.Text.Json;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Server.Api;

/// <summary>
/// An accepted disbursement: the agency's own id, the id of its entry in the public log
/// (<c>disbursement/&lt;program&gt;/&lt;id&gt;</c>), its leaf index and the entry itself.
/// </summary>
internal sealed record RecordedDisbursement(string DisbursementId, string EntryId, ulong LeafIndex, JsonElement Entry)
{
    /// <summary>The answer for <paramref name="disbursementId"/>, accepted as <paramref name="result"/>.</summary>
    public static RecordedDisbursement From(string disbursementId, LedgerResult result)
    {
        RecordedEntry recorded = LedgerResponses.Recorded(result);
        return new(disbursementId, recorded.EntryId, recorded.LeafIndex, recorded.Entry);
    }
}
