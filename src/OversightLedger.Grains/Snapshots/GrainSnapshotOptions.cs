namespace OversightLedger.Grains.Snapshots;

/// <summary>When the budget and program grains write their state snapshots (configuration section <c>Snapshots</c>).</summary>
/// <remarks>
/// A snapshot bounds what a grain replays at its next activation (the entries after it), and costs a write of the whole
/// state. So a grain writes one <b>when it goes quiet</b> (<see cref="IdleAfter"/>: a restart then replays nothing), and,
/// while busy, <b>after a number of entries tied to its last snapshot's size</b>: after <c>size / <see cref="BytesPerEntry"/></c>
/// applied entries, never fewer than <see cref="MinEntries"/> nor more than <see cref="EveryEntries"/>. A small state is
/// written often (a short tail to replay after a kill), a large one no more than each entry's share allows.
/// </remarks>
public sealed class GrainSnapshotOptions
{
    /// <summary>Whether grains restore from and write snapshots at all. Default: true (when a store is configured).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A grain writes a snapshot once it has applied this many entries since its last one, whatever its size. Default: 100,000.</summary>
    public int EveryEntries { get; set; } = 100_000;

    /// <summary>…and not before this many, however small its state (capped at <see cref="EveryEntries"/>). Default: 2,000.</summary>
    public int MinEntries { get; set; } = 2_000;

    /// <summary>
    /// Snapshot bytes each applied entry may cost: after a snapshot of S bytes the next is due after S / this many entries
    /// (within <see cref="MinEntries"/> and <see cref="EveryEntries"/>). Default: 256 (a log entry is ~350 bytes).
    /// </summary>
    public int BytesPerEntry { get; set; } = 256;

    /// <summary>
    /// …or once the grain has applied at least one entry since its last snapshot and then none for this long (also after
    /// an activation that replayed entries). Zero: off. Default: 2 seconds.
    /// </summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// …or once this much time has passed since its last one and it has applied at least one entry since (checked when it
    /// applies entries). Default: 10 minutes.
    /// </summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A log-backed program's snapshots hold only what changed since its stored base; it writes a new base once those
    /// changes reach this many bytes and a sixteenth of the base. Default: 1 MiB (a smaller program's snapshot holds it all).
    /// </summary>
    public long ProgramBaseBytes { get; set; } = 1 << 20;

    /// <summary>
    /// A log-backed program writes a snapshot at least once it has applied this many entries since its last one, whatever
    /// the size of that snapshot (capped at <see cref="EveryEntries"/>, never below <see cref="MinEntries"/>). Its snapshot
    /// holds only what changed since its stored base, which grows to a sixteenth of the base before a new base is written
    /// (~7 MB at a million beneficiaries): paced by that size, as other grains are, its snapshots came ever further apart
    /// as the program grew (31,000 entries at 10 million entries), and a restart replayed that many. A count that does not
    /// grow with the base bounds the replay after a restart. Default: 4,000.
    /// </summary>
    public int ProgramEntriesBetween { get; set; } = 4_000;

    /// <summary>The entries after which a snapshot is due, given the size of the grain's last one (0: not known).</summary>
    public long EntriesBetween(long lastSnapshotBytes)
    {
        long most = Math.Max(1, EveryEntries);
        long least = Math.Min(Math.Max(1, MinEntries), most);
        return Math.Clamp(lastSnapshotBytes / Math.Max(1, BytesPerEntry), least, most);
    }

    /// <summary>
    /// The snapshot size that paces a log-backed program's next snapshot: its last snapshot's size, but no more than
    /// <see cref="EntriesBetween"/> turns into <see cref="ProgramEntriesBetween"/> entries.
    /// </summary>
    public long ProgramPacingBytes(long lastSnapshotBytes) =>
        Math.Min(lastSnapshotBytes, (long)Math.Max(1, ProgramEntriesBetween) * Math.Max(1, BytesPerEntry));
}
