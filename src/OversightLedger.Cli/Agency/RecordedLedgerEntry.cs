using System.Text.Json;

namespace OversightLedger.Cli.Agency;

/// <summary>The server's answer to an accepted ledger act (201): the entry's id in the public log, its leaf index and the entry.</summary>
internal sealed record RecordedLedgerEntry(string EntryId, ulong LeafIndex, JsonElement Entry);
