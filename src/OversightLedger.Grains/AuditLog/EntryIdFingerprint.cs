namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// A 96-bit keyed fingerprint of an entry id (<see cref="EntryIdFingerprinter"/>): how the sequencer's index holds the ids
/// it restored from, or merged into, a snapshot. Ordered by <see cref="High"/>, then <see cref="Low"/>.
/// </summary>
/// <param name="High">The fingerprint's first 64 bits.</param>
/// <param name="Low">Its last 32 bits.</param>
internal readonly record struct EntryIdFingerprint(ulong High, uint Low) : IComparable<EntryIdFingerprint>
{
    /// <summary>Its size in bytes.</summary>
    public const int Size = 12;

    /// <inheritdoc/>
    public int CompareTo(EntryIdFingerprint other)
    {
        int high = High.CompareTo(other.High);
        return high != 0 ? high : Low.CompareTo(other.Low);
    }
}
