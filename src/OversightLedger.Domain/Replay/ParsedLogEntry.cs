using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Replay;

/// <summary>
/// One leaf of the log, parsed ahead of its replay: the entry, or why its bytes are not one (<see cref="Error"/>). A grain
/// parses the entries it replays at activation in parallel, off its turn, then applies them in order (<see cref="LedgerReplay.ApplyAll(IEnumerable{ParsedLogEntry})"/>): the same replay as from the bytes.
/// </summary>
/// <param name="LeafIndex">The leaf's index in the log.</param>
/// <param name="Entry">The parsed entry, or null when the bytes are malformed.</param>
/// <param name="Error">Why the bytes are malformed (null when <paramref name="Entry"/> is not).</param>
public readonly record struct ParsedLogEntry(ulong LeafIndex, LedgerEntry? Entry, string? Error)
{
    /// <summary>Parses one leaf.</summary>
    public static ParsedLogEntry Parse(ulong leafIndex, ReadOnlySpan<byte> entry) =>
        LedgerEntryParser.TryParse(entry, out LedgerEntry? parsed, out string? error) ? new(leafIndex, parsed, null) : new(leafIndex, null, error);

    /// <summary>Parses <paramref name="leaves"/> in order on this thread.</summary>
    public static List<ParsedLogEntry> ParseAll(IReadOnlyList<(ulong LeafIndex, byte[] Entry)> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var parsed = new List<ParsedLogEntry>(leaves.Count);
        foreach ((ulong leafIndex, byte[] entry) in leaves)
        {
            parsed.Add(Parse(leafIndex, entry));
        }

        return parsed;
    }

    /// <summary>
    /// The disbursements that the reversals and deliveries in <paramref name="tail"/> name and that are not in it: those a
    /// log-backed grain reads back from the log before it replays the tail after its snapshot.
    /// </summary>
    public static List<string> DisbursementsNamedBefore(IReadOnlyList<ParsedLogEntry> tail)
    {
        ArgumentNullException.ThrowIfNull(tail);
        var inTail = new HashSet<string>(StringComparer.Ordinal);
        var named = new List<string>();
        foreach (ParsedLogEntry leaf in tail)
        {
            switch (leaf.Entry)
            {
                case Disbursed disbursed:
                    inTail.Add(disbursed.Id);
                    break;
                case Reversed reversed:
                    named.Add(reversed.Disbursement);
                    break;
                case Delivered delivered:
                    named.Add(delivered.Disbursement);
                    break;
            }
        }

        return [.. named.Where(id => !inTail.Contains(id)).Distinct(StringComparer.Ordinal)];
    }
}
