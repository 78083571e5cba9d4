using System.Text.Json;

namespace OversightLedger.Cli.Agency;

/// <summary>The server's answer to an accepted disbursement (201): the entry id, its leaf index in the public log, and the entry.</summary>
internal sealed record RecordedDisbursement(string EntryId, ulong LeafIndex, JsonElement Entry);
