using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Findings;

/// <summary>
/// The findings of the log and their lifecycle, every step a logged act: a watchdog raises a finding (FindingRaised),
/// an agency disputes it (FindingDisputed, any number of times while it is open), the watchdog that raised it resolves
/// it, dismissed or confirmed with a corrective action (FindingResolved). A resolved finding is closed for good.
/// </summary>
/// <remarks>
/// <para>
/// <c>Decide…</c> methods decide and never change the book; <see cref="Apply"/> applies entries that are in the log, in
/// log order. Every decision is idempotent by entry id, as in <c>ReliefBudget</c>: the same id with the same content
/// (the time aside) is <see cref="DecisionOutcome.AlreadyRecorded"/>, the same id with other content is
/// <c>duplicate</c>. A replayed resolution therefore answers with the recorded entry rather than <c>finding-closed</c>.
/// </para>
/// <para>
/// Disputing twice is allowed: each dispute is the agency's answer on the record (new evidence, a correction), and
/// refusing a second one would only push it out of the log. Resolving does not require a dispute first: the dispute is
/// the agency's right of reply, not a gate; a watchdog that confirms an undisputed finding does so in public.
/// </para>
/// <para>Not thread-safe: one grain activation owns one instance.</para>
/// </remarks>
public sealed class FindingBook
{
    private readonly Dictionary<string, FindingRecord> _findings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>The findings, in no particular order.</summary>
    public IReadOnlyCollection<FindingRecord> Findings => _findings.Values;

    /// <summary>The finding with this id, or null.</summary>
    public FindingRecord? Find(string findingId) => _findings.GetValueOrDefault(findingId);

    /// <summary>The state of the finding with this id, or null when no such finding is recorded.</summary>
    public FindingState? StateOf(string findingId) => Find(findingId)?.State;

    /// <summary>The applied finding entry (raised, disputed or resolved) with this entry id, or null.</summary>
    public LedgerEntry? FindEntry(string entryId) => _entries.GetValueOrDefault(entryId);

    /// <summary>Whether the entry is one of the kinds this book applies.</summary>
    public static bool IsFindingEntry(LedgerEntry entry) => entry is FindingRaised or FindingDisputed or FindingResolved;

    /// <summary>
    /// Decides raising a finding a watchdog produced (e.g. <c>FindingCandidate.ToEntry</c>): appended unless its id is
    /// already recorded (the same finding: already recorded; anything else: <c>duplicate</c>).
    /// </summary>
    public Decision<FindingRaised> DecideRaise(FindingRaised finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Decide(() => finding);
    }

    /// <summary>
    /// Decides an agency's dispute of a finding: refused when the finding is unknown (<c>unknown-finding</c>) or resolved
    /// (<c>finding-closed</c>). Whether the agency's key may act on the finding's programs is the caller's check.
    /// </summary>
    public Decision<FindingDisputed> DecideDispute(string entryId, DateTimeOffset now, string findingId, string agencyKeyId, string response) =>
        Decide(() => new FindingDisputed(entryId, now, findingId, agencyKeyId, response));

    /// <summary>
    /// Decides resolving a finding: refused when the finding is unknown (<c>unknown-finding</c>), when
    /// <paramref name="byWatchdog"/> is not the watchdog that raised it (<c>not-the-raiser</c>), or when it is already
    /// resolved (<c>finding-closed</c>).
    /// </summary>
    public Decision<FindingResolved> DecideResolve(
        string entryId, DateTimeOffset now, string findingId, string byWatchdog, FindingOutcome outcome, string action) =>
        Decide(() => new FindingResolved(entryId, now, findingId, byWatchdog, outcome, action));

    /// <summary>
    /// Checks a finding entry against the lifecycle and the current book: null when it is allowed, else the rule it
    /// breaks. An entry whose id is already applied is <c>duplicate</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The entry is not a finding entry.</exception>
    public DomainRejection? Check(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsFindingEntry(entry))
        {
            throw new ArgumentException($"A {entry.Kind} entry is not a finding entry.", nameof(entry));
        }

        if (_entries.ContainsKey(entry.Id))
        {
            return DuplicateOf(entry.Id);
        }

        return entry switch
        {
            FindingDisputed disputed => Open(disputed.Finding),
            FindingResolved resolved => CheckResolved(resolved),
            _ => null,
        };
    }

    /// <summary>
    /// Applies an entry that is in the log, in log order. Entries of other kinds are ignored, and applying the same entry
    /// again changes nothing: both return null. A finding entry the lifecycle refuses (it reached the log without passing
    /// through the <c>Decide…</c> methods) is not counted, and the reason is returned so a reader of the log can report it.
    /// </summary>
    public DomainRejection? Apply(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsFindingEntry(entry))
        {
            return null;
        }

        if (_entries.TryGetValue(entry.Id, out LedgerEntry? recorded))
        {
            return recorded.HasSameContentAs(entry) ? null : DuplicateOf(entry.Id);
        }

        if (Check(entry) is { } refused)
        {
            return refused;
        }

        switch (entry)
        {
            case FindingRaised raised:
                _findings.Add(raised.Finding, new FindingRecord(raised));
                break;
            case FindingDisputed disputed:
                _findings[disputed.Finding].AddDispute(disputed);
                break;
            case FindingResolved resolved:
                _findings[resolved.Finding].Resolve(resolved);
                break;
        }

        _entries.Add(entry.Id, entry);
        return null;
    }

    private Decision<TEntry> Decide<TEntry>(Func<TEntry> build)
        where TEntry : LedgerEntry =>
        IdempotentDecision.Decide(build, FindEntry, Check);

    private DomainRejection? CheckResolved(FindingResolved resolved)
    {
        if (Find(resolved.Finding) is not { } finding)
        {
            return UnknownFinding(resolved.Finding);
        }

        // Who may act comes before the state: another watchdog learns nothing from the refusal but "not yours".
        return resolved.By != finding.Watchdog
            ? new DomainRejection(RejectionCode.NotTheRaiser, $"the finding '{finding.Id}' was raised by '{finding.Watchdog}'; only it may resolve it, not '{resolved.By}'")
            : Closed(finding);
    }

    /// <summary>Null when the finding exists and is open; else unknown-finding or finding-closed.</summary>
    private DomainRejection? Open(string findingId) => Find(findingId) is { } finding ? Closed(finding) : UnknownFinding(findingId);

    private static DomainRejection? Closed(FindingRecord finding) =>
        finding.Resolution is { } resolution
            ? new DomainRejection(
                RejectionCode.FindingClosed,
                $"the finding '{finding.Id}' was resolved as {FindingResolved.FormatOutcome(resolution.Outcome)} by '{resolution.By}' (entry '{resolution.Id}')")
            : null;

    private static DomainRejection UnknownFinding(string findingId) =>
        new(RejectionCode.UnknownFinding, $"no finding '{findingId}' is recorded");

    private static DomainRejection DuplicateOf(string id) => IdempotentDecision.DuplicateOf(id);

    /// <summary>
    /// The applied entries, in the order applied (entries are never removed, so the dictionary keeps that order): applying
    /// them again to a new book gives this one (a watchdog's snapshot).
    /// </summary>
    public IEnumerable<LedgerEntry> AppliedEntries => _entries.Values;

    /// <summary>The number of applied entries.</summary>
    public int AppliedCount => _entries.Count;
}
