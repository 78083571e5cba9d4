using System.Text.Json;

namespace OversightLedger.Cli.Agency;

/// <summary>
/// The server's answer to an accepted disbursement (201): the agency's own id, the entry's id in the public log
/// (<c>disbursement/&lt;program&gt;/&lt;id&gt;</c>), its leaf index, and the entry.
/// </summary>
internal sealed record RecordedDisbursement(string DisbursementId, string EntryId, ulong LeafIndex, JsonElement Entry);
