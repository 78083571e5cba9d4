using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// A watchdog's log monitor, like a Certificate Transparency monitor: it learns only from log entries, fed in log
/// order, and concludes findings (docs/WATCHDOG-RULES.md): <c>duplicate-beneficiary</c>, <c>over-cap</c>,
/// <c>velocity</c>, <c>ledger-integrity</c>, <c>structuring</c>, <c>reversals</c> and <c>sanctioned-counterparty-paid</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each finding is raised once. The monitor never repeats a finding it produced, and a FindingRaised entry of this
/// watchdog in the log marks its id as raised (and withdraws it if it is still waiting in <see cref="TakeNewFindings"/>),
/// so a monitor rebuilt after a restart by re-reading the log from leaf 0 raises nothing twice, provided it takes its
/// findings once it has caught up with the log. Finding ids are derived from the facts, so even an early take only
/// yields an entry id the log already holds (an idempotent append).
/// </para>
/// <para>
/// The budget and program rules are checked by a <see cref="LedgerReplay"/> of the whole log: its violations are the
/// <c>ledger-integrity</c> findings, and its state (caps, what each pseudonym was paid, the payment a reversal undoes)
/// serves the other rules. The rules themselves keep totals per (pseudonym, period, program) and per (program,
/// period), with bounded samples of leaves to cite, never lists of entries. (The replay of a monitor made with the public
/// constructor keeps the facts of every payment, a reversal must be matched with it; one made with
/// <see cref="LogBacked(string, WatchdogRuleSettings, WatchdogScope)"/>, as the grain does, keeps an id filter and a bit
/// per leaf and reads the payment back from the log through the caller: <see cref="IdsToLookUp"/>, <see cref="Found"/>.)
/// </para>
/// <para>Only entries the replay counted feed the rules; an entry it could not count is a ledger-integrity finding only.</para>
/// <para>Not thread-safe: one grain activation owns one instance.</para>
/// </remarks>
public sealed partial class WatchdogMonitor
{
    /// <summary>How many leaves a log-backed monitor reads between lettings-go of the disbursements' facts.</summary>
    private const ulong DefaultForgetEvery = 4096;

    /// <summary>The least changes (bytes, as <see cref="BeneficiaryProgram.ChangesSinceBaseBytes"/>) before a log-backed program gets a new base: 1 MiB, as the program grain's.</summary>
    private const long DefaultLeastBaseChanges = 1 << 20;

    private ulong _forgetEvery = DefaultForgetEvery;

    private readonly LedgerReplay _replay;
    private readonly ScopeTracker _scope;
    private readonly FindingOutbox _outbox;
    private readonly BeneficiaryPeriodRules _beneficiaryRules;
    private readonly ProgramPeriodRules _programRules;
    private readonly LedgerIntegrityRule _integrityRule;
    private readonly SanctionedCounterpartyRule _counterpartyRule;
    private readonly ClosedShareFile _closedFile = new();

    /// <summary>Log-backed only: where the programs' cap totals of closed periods are kept (null: every period in memory).</summary>
    private readonly ClosedCapPeriods? _closedCaps;

    /// <summary>Log-backed only: the bases the programs stand on, in the same file.</summary>
    private readonly WatchdogProgramBases? _programBases;

    /// <summary>A monitor for <paramref name="watchdog"/> at leaf 0.</summary>
    /// <param name="watchdog">The watchdog organisation, written as <c>watchdog</c> in its FindingRaised entries.</param>
    /// <param name="settings">The rules' thresholds; validated here.</param>
    /// <param name="scope">The budgets and programs overseen.</param>
    /// <exception cref="ArgumentException">The name is not a valid identifier, or a setting is out of range.</exception>
    public WatchdogMonitor(string watchdog, WatchdogRuleSettings settings, WatchdogScope scope)
        : this(watchdog, settings, scope, new LedgerReplay())
    {
    }

    /// <summary>
    /// A monitor for <paramref name="watchdog"/> at leaf 0 whose memory does not grow with the number of disbursements
    /// (issue 17): its replay is log-backed (<see cref="LedgerReplay.LogBacked"/>), so before each entry the caller looks
    /// up in the log what <see cref="IdsToLookUp"/> names and hands it to <see cref="Found"/> (or observes with
    /// <see cref="Observe(ulong, LedgerEntry, Func{string, ValueTuple{ulong, LedgerEntry}?})"/>). What it concludes is what
    /// the monitor made with the public constructor concludes.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid identifier, or a setting is out of range.</exception>
    public static WatchdogMonitor LogBacked(string watchdog, WatchdogRuleSettings settings, WatchdogScope scope) =>
        LogBacked(watchdog, settings, scope, DefaultForgetEvery);

    /// <summary>
    /// A log-backed monitor that lets go of the disbursements' facts, and checks whether its programs are due a new base,
    /// every <paramref name="forgetEvery"/> leaves, a base being due after <paramref name="leastBaseChanges"/> bytes of
    /// changes (tests make both often).
    /// </summary>
    internal static WatchdogMonitor LogBacked(
        string watchdog, WatchdogRuleSettings settings, WatchdogScope scope, ulong forgetEvery, long leastBaseChanges = DefaultLeastBaseChanges) =>
        new(watchdog, settings, scope, LedgerReplay.LogBacked(), leastBaseChanges: leastBaseChanges) { _forgetEvery = Math.Max(1, forgetEvery) };

    /// <summary>
    /// The reference the tests compare with: the whole log's state in memory, the replay's and the rules' (no quarter of
    /// beneficiary shares written out).
    /// </summary>
    internal static WatchdogMonitor KeepingEverythingInMemory(string watchdog, WatchdogRuleSettings settings, WatchdogScope scope) =>
        new(watchdog, settings, scope, new LedgerReplay(), keepEveryQuarterInMemory: true);

    private WatchdogMonitor(
        string watchdog, WatchdogRuleSettings settings, WatchdogScope scope, LedgerReplay replay, bool keepEveryQuarterInMemory = false,
        long leastBaseChanges = DefaultLeastBaseChanges)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(scope);
        _replay = replay;
        Watchdog = FieldFormat.Identifier(watchdog, nameof(watchdog));
        Settings = settings.Validate();
        Scope = scope;
        _scope = new ScopeTracker(scope);
        _outbox = new FindingOutbox(Watchdog, _scope, settings.MaxLeavesCited);
        _beneficiaryRules = new BeneficiaryPeriodRules(settings, _outbox, _replay.Programs, _closedFile) { KeepEveryQuarterInMemory = keepEveryQuarterInMemory };
        _closedCaps = replay.IsLogBacked ? new ClosedCapPeriods(_closedFile) : null;
        _programBases = replay.IsLogBacked ? new WatchdogProgramBases(_closedFile, leastBaseChanges) : null;
        _programRules = new ProgramPeriodRules(settings, _outbox);
        _integrityRule = new LedgerIntegrityRule(_outbox);
        _counterpartyRule = new SanctionedCounterpartyRule(settings.MaxLeavesCited, _outbox, _replay.Counterparties);
    }

    /// <summary>The watchdog organisation.</summary>
    public string Watchdog { get; }

    /// <summary>The rules' thresholds.</summary>
    public WatchdogRuleSettings Settings { get; }

    /// <summary>The budgets and programs overseen.</summary>
    public WatchdogScope Scope { get; }

    /// <summary>The index of the next leaf to observe: how far the monitor has read the log.</summary>
    public ulong NextLeafIndex { get; private set; }

    /// <summary>
    /// Observes the entry at <paramref name="leafIndex"/>. Leaves already observed are ignored, so overlapping reads of
    /// the log are harmless.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The leaf is beyond <see cref="NextLeafIndex"/>: leaves must come in log order without gaps.</exception>
    public void Observe(ulong leafIndex, LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsNext(leafIndex))
        {
            return;
        }

        _closedCaps?.ReopenNamedBy(_replay.Programs, entry); // before the replay checks it: a late payment, a reversal of an old one
        int violationsBefore = _replay.Violations.Count;
        _replay.Apply(leafIndex, entry);
        NextLeafIndex++;
        long leaf = checked((long)leafIndex);
        _scope.Learn(entry);
        ReportViolations(leaf, entry, violationsBefore);
        switch (entry)
        {
            case FindingRaised raised when raised.Watchdog == Watchdog:
                _outbox.RecordRaisedInLog(raised.Finding);
                break;
            case Disbursed paid when CountedPayment(paid, leafIndex) is { } program:
                _beneficiaryRules.OnDisbursed(paid, leaf, program);
                _programRules.OnDisbursed(paid, leaf);
                _counterpartyRule.OnDisbursed(paid, leaf);
                break;
            case Reversed reversed when CountedReversal(reversed, leafIndex) is { } original:
                _beneficiaryRules.OnReversed(original, leaf);
                _programRules.OnReversed(original, reversed, leaf);
                _counterpartyRule.OnReversed(original, reversed);
                break;
            case ScreeningConfirmed confirmed:
                _counterpartyRule.OnConfirmed(confirmed, leaf);
                break;
        }

        ForgetNowAndThen(); // after the rules: they read the facts of what this entry names
        if (_closedCaps is not null && _replay.Counted(leafIndex))
        {
            _closedCaps.CloseOldPeriods(_replay.Programs, entry); // after the rules too: over-cap reads the entry's period
        }
    }

    /// <summary>Whether the monitor's replay is log-backed (<see cref="LogBacked"/>): it must be told what the log holds under the ids <see cref="IdsToLookUp"/> names.</summary>
    public bool IsLogBacked => _replay.IsLogBacked;

    /// <summary>
    /// The ids a log-backed monitor must look up in the log (its id index: the first leaf with the id, and the entry there)
    /// before it observes <paramref name="entry"/>, each handed to <see cref="Found"/>: none for a monitor that keeps
    /// the whole log's state.
    /// </summary>
    public IReadOnlyList<string> IdsToLookUp(LedgerEntry entry) => _replay.IdsToLookUp(entry);

    /// <summary>What the log holds under an id <see cref="IdsToLookUp"/> named: the first leaf with it and the entry there (nulls when the log has none).</summary>
    public void Found(string id, ulong? leafIndex, LedgerEntry? entry) => _replay.Found(id, leafIndex, entry);

    /// <summary>
    /// Observes the entry at <paramref name="leafIndex"/>, first looking up with <paramref name="findInLog"/> (the log's id
    /// index: the first leaf with an id and its entry, or null) what <see cref="IdsToLookUp"/> names.
    /// </summary>
    public void Observe(ulong leafIndex, LedgerEntry entry, Func<string, (ulong LeafIndex, LedgerEntry? Entry)?> findInLog)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(findInLog);
        if (leafIndex == NextLeafIndex)
        {
            foreach (string id in IdsToLookUp(entry))
            {
                (ulong LeafIndex, LedgerEntry? Entry)? found = findInLog(id);
                Found(id, found?.LeafIndex, found?.Entry);
            }
        }

        Observe(leafIndex, entry);
    }

    /// <summary>
    /// Observes the leaf bytes at <paramref name="leafIndex"/>: parsed as an entry, or, when they are not a well-formed
    /// canonical entry, a <c>ledger-integrity</c> finding.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The leaf is beyond <see cref="NextLeafIndex"/>.</exception>
    public void Observe(ulong leafIndex, ReadOnlySpan<byte> leaf)
    {
        if (!IsNext(leafIndex))
        {
            return;
        }

        if (LedgerEntryParser.TryParse(leaf, out LedgerEntry? entry, out _))
        {
            Observe(leafIndex, entry);
            return;
        }

        int violationsBefore = _replay.Violations.Count;
        _replay.Apply(leafIndex, leaf);
        NextLeafIndex++;
        ForgetNowAndThen();
        ReportViolations(checked((long)leafIndex), null, violationsBefore);
    }

    /// <summary>
    /// The findings concluded since the last call, in the order they were concluded; each is returned once. Raise each
    /// with <see cref="FindingCandidate.ToEntry"/>.
    /// </summary>
    public IReadOnlyList<FindingCandidate> TakeNewFindings() => _outbox.TakePending();

    private bool IsNext(ulong leafIndex)
    {
        if (leafIndex > NextLeafIndex)
        {
            throw new ArgumentOutOfRangeException(
                nameof(leafIndex), leafIndex, $"The watchdog '{Watchdog}' has read the log up to leaf {NextLeafIndex}; leaves must come in log order without gaps.");
        }

        return leafIndex == NextLeafIndex;
    }

    private void ReportViolations(long leaf, LedgerEntry? entry, int violationsBefore)
    {
        IReadOnlyList<RuleViolation> all = _replay.Violations;
        if (all.Count > violationsBefore)
        {
            RuleViolation[] ofThisLeaf = new RuleViolation[all.Count - violationsBefore];
            for (int i = 0; i < ofThisLeaf.Length; i++)
            {
                ofThisLeaf[i] = all[violationsBefore + i];
            }

            _integrityRule.OnViolations(leaf, entry, ofThisLeaf);
        }
    }

    /// <summary>
    /// A log-backed replay lets go of the facts of the disbursements it applied every 4,096 leaves:
    /// a reversal or a delivery naming one later reads it back from the log. Its programs get a new base then when due.
    /// </summary>
    private void ForgetNowAndThen()
    {
        if (_replay.IsLogBacked && NextLeafIndex % _forgetEvery == 0)
        {
            _replay.ForgetDisbursementsBefore(NextLeafIndex);
            _programBases!.WriteDue(_replay.Programs.Values);
        }
    }

    /// <summary>The paying program when the replay counted this Disbursed entry (recorded at this very leaf).</summary>
    private BeneficiaryProgram? CountedPayment(Disbursed paid, ulong leafIndex) =>
        _replay.Programs.TryGetValue(paid.Program, out BeneficiaryProgram? program)
        && (_replay.IsLogBacked ? _replay.Counted(leafIndex) : program.FindDisbursementLeafIndex(paid.Id) == leafIndex)
            ? program
            : null;

    /// <summary>The payment this Reversed entry undoes, when the replay counted the reversal.</summary>
    private DisbursementRecord? CountedReversal(Reversed reversed, ulong leafIndex) =>
        _replay.Programs.TryGetValue(reversed.Program, out BeneficiaryProgram? program)
        && (!_replay.IsLogBacked || _replay.Counted(leafIndex))
        && program.FindDisbursement(reversed.Disbursement) is { } original && original.Reversals.Any(r => ReferenceEquals(r, reversed) || (_replay.IsLogBacked && r.Id == reversed.Id))
            ? original
            : null;
}
