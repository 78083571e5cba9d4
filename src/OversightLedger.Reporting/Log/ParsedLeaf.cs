using OversightLedger.Domain.Entries;

namespace OversightLedger.Reporting.Log;

/// <summary>A leaf with what <c>LedgerEntryParser</c> made of it: the entry, or why it is not one.</summary>
internal readonly record struct ParsedLeaf(ulong Index, ReadOnlyMemory<byte> Bytes, LedgerEntry? Entry, string? Error);
