using System.Text.Json;

namespace OversightLedger.Server.Api;

/// <summary>An entry that is in the public log: its id, leaf index and the entry itself.</summary>
internal sealed record RecordedEntry(string EntryId, ulong LeafIndex, JsonElement Entry);
