using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Licences;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Replay;

/// <summary>
/// Re-runs the log through the same rules the grains decided with: each leaf is parsed, checked by the budget and the
/// program it concerns (<see cref="ReliefBudget.Check"/>, <see cref="BeneficiaryProgram.Check"/>) and applied.
/// Violations are collected with their leaf index, never thrown.
/// </summary>
/// <remarks>
/// <para>
/// The log is the record of what happened, so an entry that breaks a rule but can still be counted (an overdraft, a
/// payment while frozen, above the cap, to an unenrolled pseudonym, outside the ring-fence, a release without verified
/// benchmarks or by another key) is reported and applied: balances then show what the log says, even below zero.
/// An entry that cannot be counted at all (unknown budget, program, tranche or disbursement, another currency, a
/// repeated id, a non-positive amount, a malformed leaf) is reported and skipped.
/// </para>
/// <para>
/// A grain rebuilds its state from its own entries with <see cref="ForBudget"/> or <see cref="ForProgram"/>: entries of
/// other budgets and programs are then ignored rather than reported (a budget's replay does not know the programs).
/// </para>
/// <para>
/// The ring-fence across budget and program: the whole-log replay refuses a <c>ProgramEligible</c> that names a program
/// not open at that point of the log, in another currency, or pinned to another agency than the one that opened it, and a
/// <c>Disbursed</c> from a program whose agency is not the one its listing pinned (<c>ring-fence</c>).
/// </para>
/// <para>
/// Counterparties (whole-log replay only): their registrations, screenings and reviews are applied as
/// <see cref="Counterparty"/> does, and a <c>Disbursed</c> naming a counterparty whose latest screening is a confirmed
/// hit is <c>counterparty-blocked</c> (the grains refuse it; it is counted, the money having moved).
/// </para>
/// <para>
/// Licences (whole-log replay only): sanctioned jurisdictions, licences, amendments, attachments and expiries are applied
/// as <see cref="LicenceRegime"/> does, and a <c>Disbursed</c> from a budget whose country is a sanctioned jurisdiction at
/// that point of the log, outside every licence in force attached to the budget, is <c>unlicensed</c> (counted, the money
/// having moved).
/// </para>
/// <para>
/// Memory: the budgets and programs it builds keep the facts of each disbursement, not its entry, and the ids it has seen are packed (<see cref="EntryIdMap{TValue}"/>).
/// A replay made with <see cref="OverLog"/> keeps no entry at all: it knows each id's leaf (<see cref="EntryIdFingerprintIndex"/>,
/// twelve bytes a slot) and reads back from the log the few entries a rule names again (the disbursement a reversal or a
/// delivery is of); what it holds is then the per-beneficiary state the rules need (enrolments, totals per open period).
/// </para>
/// <para>
/// Adding a rule: a rule is a check on one entry against the state built from the entries before it, then an update of
/// that state; it is given each entry in leaf order here (beside the budget's, the program's and the counterparty's
/// checks) and reports through <see cref="Report"/>. State a rule keeps must not grow per entry: keep it per budget,
/// program, beneficiary or open period, and find an earlier entry by its id through <see cref="LoggedEntries"/> when
/// the replay is bounded.
/// </para>
/// </remarks>
public sealed partial class LedgerReplay
{
    private static readonly HashSet<string> CountedDespiteViolation = new(StringComparer.Ordinal)
    {
        RejectionCode.RingFence,
        RejectionCode.InsufficientReleasedFunds,
        RejectionCode.InsufficientReceivedFunds,
        RejectionCode.TrancheNotReleased,
        RejectionCode.Frozen,
        RejectionCode.ExemptionExpired,
        RejectionCode.CapExceeded,
        RejectionCode.UnknownBeneficiary,
        RejectionCode.InvalidPeriod,
        RejectionCode.BenchmarkNotVerified,
        RejectionCode.BenchmarkContested,
        RejectionCode.BenchmarkNotMet,
        RejectionCode.VerificationInFuture,
        RejectionCode.NotBudgetOwner,
        RejectionCode.DeliveredNotFailed,
        RejectionCode.CounterpartyBlocked,
        RejectionCode.ConsequenceInForce,
        RejectionCode.Unlicensed,
        RejectionCode.VettingRequired,
        RejectionCode.RowRefused,
        RejectionCode.VettedTotalExceeded,
    };

    private readonly string? _onlyBudget;
    private readonly string? _onlyProgram;
    private readonly bool _scoped;
    private readonly Dictionary<string, ReliefBudget> _budgets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BeneficiaryProgram> _programs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counterparty> _counterparties = new(StringComparer.Ordinal);
    private readonly LicenceRegime _licences = new();
    private readonly EntryIdMap<ulong> _firstLeafOfId = new();
    private readonly LoggedEntries? _logged;
    private readonly List<RuleViolation> _violations = [];

    /// <summary>A replay of the whole log: every budget and program, every entry id unique.</summary>
    public LedgerReplay()
    {
    }

    private LedgerReplay(LoggedEntries logged) => _logged = logged;

    private LedgerReplay(string? onlyBudget, string? onlyProgram)
    {
        _onlyBudget = onlyBudget;
        _onlyProgram = onlyProgram;
        _scoped = true;
    }

    /// <summary>The budgets seen, by id.</summary>
    public IReadOnlyDictionary<string, ReliefBudget> Budgets => _budgets;

    /// <summary>The programs seen, by id.</summary>
    public IReadOnlyDictionary<string, BeneficiaryProgram> Programs => _programs;

    /// <summary>The counterparties the log registered, screened or reviewed (whole-log replay only), by id.</summary>
    public IReadOnlyDictionary<string, Counterparty> Counterparties => _counterparties;

    /// <summary>The sanctioned jurisdictions, licences and attachments the log recorded (whole-log replay only).</summary>
    public LicenceRegime Licences => _licences;

    /// <summary>The violations found so far, in leaf order.</summary>
    public IReadOnlyList<RuleViolation> Violations => _violations;

    /// <summary>The number of leaves given so far.</summary>
    public ulong LeavesRead { get; private set; }

    /// <summary>
    /// A replay of the whole log in memory that does not grow with the number of entries: no entry and no id is kept
    /// (see the remarks); <paramref name="entryAtLeaf"/> reads back the entry at a leaf already given, for the rare rule
    /// that names an earlier entry. The programs' <see cref="BeneficiaryProgram.Disbursements"/> cannot be listed.
    /// </summary>
    /// <param name="entryAtLeaf">The parsed entry at a leaf given earlier (null when malformed).</param>
    public static LedgerReplay OverLog(Func<ulong, LedgerEntry?> entryAtLeaf)
    {
        ArgumentNullException.ThrowIfNull(entryAtLeaf);
        return new LedgerReplay(new LoggedEntries(entryAtLeaf));
    }

    /// <summary>A bounded replay with a chosen id index (tests force fingerprint collisions with it).</summary>
    internal static LedgerReplay OverLog(LoggedEntries logged) => new(logged);

    /// <summary>A replay that rebuilds one budget from its entries and ignores every other budget and every program.</summary>
    public static LedgerReplay ForBudget(string budgetId)
    {
        ArgumentNullException.ThrowIfNull(budgetId);
        return new LedgerReplay(budgetId, onlyProgram: null);
    }

    /// <summary>A replay that rebuilds one program from its entries and ignores every other program and every budget.</summary>
    public static LedgerReplay ForProgram(string programId)
    {
        ArgumentNullException.ThrowIfNull(programId);
        return new LedgerReplay(onlyBudget: null, programId);
    }

    /// <summary>Replays leaves in order.</summary>
    public LedgerReplay ApplyAll(IEnumerable<(ulong LeafIndex, byte[] Entry)> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        foreach ((ulong leafIndex, byte[] entry) in leaves)
        {
            Apply(leafIndex, entry);
        }

        return this;
    }

    /// <summary>Replays leaves parsed ahead (<see cref="ParsedLogEntry.Parse"/>) in order: the same as replaying their bytes.</summary>
    public LedgerReplay ApplyAll(IEnumerable<ParsedLogEntry> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        foreach (ParsedLogEntry leaf in leaves)
        {
            Apply(leaf);
        }

        return this;
    }

    /// <summary>Replays one leaf parsed ahead; a malformed leaf is a <c>malformed-entry</c> violation, as with its bytes.</summary>
    public void Apply(ParsedLogEntry leaf)
    {
        if (leaf.Entry is { } entry)
        {
            Apply(leaf.LeafIndex, entry);
        }
        else
        {
            LeavesRead++;
            _violations.Add(new RuleViolation(leaf.LeafIndex, null, null, RejectionCode.MalformedEntry, leaf.Error ?? "the entry is malformed"));
        }
    }

    /// <summary>Parses and replays one leaf; a malformed leaf is a <c>malformed-entry</c> violation.</summary>
    public void Apply(ulong leafIndex, ReadOnlySpan<byte> entry)
    {
        if (LedgerEntryParser.TryParse(entry, out LedgerEntry? parsed, out string? error))
        {
            Apply(leafIndex, parsed);
        }
        else
        {
            LeavesRead++;
            _violations.Add(new RuleViolation(leafIndex, null, null, RejectionCode.MalformedEntry, error));
        }
    }

    /// <summary>Replays one parsed entry found at <paramref name="leafIndex"/>.</summary>
    public void Apply(ulong leafIndex, LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            ApplyEntry(leafIndex, entry);
        }
        finally
        {
            _firstLeavesFound.Clear(); // what the log's index said held for this entry only
        }
    }

    private void ApplyEntry(ulong leafIndex, LedgerEntry entry)
    {
        LeavesRead++;
        if (!_scoped && Counterparty.CounterpartyOf(entry) is { } counterpartyId)
        {
            if (!_counterparties.TryGetValue(counterpartyId, out Counterparty? counterparty))
            {
                counterparty = new Counterparty(counterpartyId);
                _counterparties.Add(counterpartyId, counterparty);
            }

            counterparty.Apply(entry);
            return;
        }

        if (LicenceRegime.Concerns(entry))
        {
            if (!_scoped)
            {
                ApplyLicenceEntry(leafIndex, entry);
            }

            return;
        }

        string? budgetId = ReliefBudget.BudgetOf(entry);
        string? programId = BeneficiaryProgram.ProgramOf(entry);
        bool budgetSide = budgetId is not null && (!_scoped || budgetId == _onlyBudget);
        bool programSide = programId is not null && (!_scoped || programId == _onlyProgram);
        if (!budgetSide && !programSide)
        {
            return;
        }

        if (!(_logged?.TryAddId(entry.Id, leafIndex) ?? (_idFilter is not null ? TryAddLogBackedId(entry.Id, leafIndex) : _firstLeafOfId.TryAdd(entry.Id, leafIndex))))
        {
            Report(leafIndex, entry, new DomainRejection(RejectionCode.Duplicate, $"the id '{entry.Id}' appears earlier in the log"));
            return;
        }

        ReliefBudget? budget = budgetSide
            ? _budgets.GetValueOrDefault(budgetId!) ?? (entry is BudgetOpened ? (_idFilter is not null ? ReliefBudget.LogBacked(budgetId!) : new(budgetId!, _logged)) : null)
            : null;
        BeneficiaryProgram? program = programSide
            ? _programs.GetValueOrDefault(programId!) ?? (entry is ProgramOpened ? (_idFilter is not null ? BeneficiaryProgram.LogBacked(programId!) : new(programId!, _logged)) : null)
            : null;
        DomainRejection? budgetViolation = null, programViolation = null;
        if (budgetSide)
        {
            budgetViolation = budget is null ? new(RejectionCode.UnknownBudget, $"the budget '{budgetId}' is not open") : CheckOnBudget(budget, entry);
        }

        if (programSide)
        {
            programViolation = program is null ? new(RejectionCode.UnknownProgram, $"the program '{programId}' is not open") : program.Check(entry);
        }

        DomainRejection? counterpartyViolation = CheckCounterparty(entry);
        DomainRejection? licenceViolation = budget is null ? null : CheckLicence(budget, entry);
        Report(leafIndex, entry, budgetViolation);
        Report(leafIndex, entry, programViolation);
        Report(leafIndex, entry, counterpartyViolation);
        Report(leafIndex, entry, licenceViolation);

        // Both sides count an entry or neither does, so a program's totals always add up to what its budgets show.
        if (!IsCountable(budgetViolation) || !IsCountable(programViolation) || !IsCountable(counterpartyViolation) || !IsCountable(licenceViolation))
        {
            return;
        }

        if (budget is not null)
        {
            budget.Apply(entry, leafIndex);
            _budgets.TryAdd(budgetId!, budget);
        }

        if (program is not null)
        {
            program.Apply(entry, leafIndex);
            _programs.TryAdd(programId!, program);
        }

        _logged?.MarkCounted(leafIndex);
        _counted?.Mark(leafIndex);
    }

    /// <summary>
    /// The budget's rules; the whole-log replay also knows the programs, so a listing must name an open program of the
    /// budget's currency and pin its agency, and a payment must come from the agency its listing pinned. A grain's
    /// rebuild of one budget does not know the programs and checks only what the budget's own entries tell.
    /// </summary>
    private DomainRejection? CheckOnBudget(ReliefBudget budget, LedgerEntry entry)
    {
        string? program = entry switch
        {
            ProgramEligible eligible => eligible.Program,
            Disbursed disbursed => disbursed.Program,
            _ => null,
        };
        if (_scoped || program is null)
        {
            return budget.Check(entry);
        }

        ListedProgram? listed = _programs.TryGetValue(program, out BeneficiaryProgram? known) && known.IsOpen
            ? new ListedProgram(known.ProgramId, known.Agency, known.Currency)
            : null;
        return budget.Check(entry, listed);
    }

    /// <summary>DESIGN §5.10 as the log can show it: no payment to a counterparty whose latest screening is a confirmed hit.</summary>
    private DomainRejection? CheckCounterparty(LedgerEntry entry) =>
        !_scoped && entry is Disbursed { Counterparty: { } id }
        && _counterparties.TryGetValue(id, out Counterparty? counterparty) && counterparty.Status == ScreeningStatus.Confirmed
            ? new DomainRejection(
                RejectionCode.CounterpartyBlocked,
                $"the counterparty '{id}' was confirmed as a sanctions hit ('{counterparty.LatestReview!.Id}') and cannot be paid")
            : null;

    /// <summary>Licence entries (whole-log replay): the regime's own checks, an attachment to a budget not open, then applied.</summary>
    private void ApplyLicenceEntry(ulong leafIndex, LedgerEntry entry)
    {
        if ((_idFilter is not null && _firstLeavesFound.TryGetValue(entry.Id, out ulong first) && first < leafIndex && _idFilter.MightContain(entry.Id))
            || !_firstLeafOfId.TryAdd(entry.Id, leafIndex))
        {
            Report(leafIndex, entry, new DomainRejection(RejectionCode.Duplicate, $"the id '{entry.Id}' appears earlier in the log"));
            return;
        }

        DomainRejection? violation = entry is LicenceAttached attached && !(_budgets.TryGetValue(attached.Budget, out ReliefBudget? budget) && budget.IsOpen)
            ? new DomainRejection(RejectionCode.UnknownBudget, $"the budget '{attached.Budget}' is not open")
            : _licences.Check(entry);
        Report(leafIndex, entry, violation);
        if (violation is null)
        {
            _licences.Apply(entry);
        }
    }

    /// <summary>DESIGN §5.10: a payment into a sanctioned jurisdiction falls inside a licence in force attached to its budget.</summary>
    private DomainRejection? CheckLicence(ReliefBudget budget, LedgerEntry entry)
    {
        if (_scoped || entry is not Disbursed disbursed || !budget.IsOpen)
        {
            return null;
        }

        Counterparty? counterparty = disbursed.Counterparty is { } id ? _counterparties.GetValueOrDefault(id) : null;
        return _licences.CheckDisbursement(
            disbursed.Budget, budget.Terms!.Country, disbursed.Sector, disbursed.Counterparty, counterparty?.Registration?.CounterpartyKind, disbursed.Time,
            counterparty?.HitList).Rejection;
    }

    private static bool IsCountable(DomainRejection? violation) =>
        violation is null || CountedDespiteViolation.Contains(violation.Code);

    private void Report(ulong leafIndex, LedgerEntry entry, DomainRejection? violation)
    {
        if (violation is not null)
        {
            _violations.Add(new RuleViolation(leafIndex, entry.Id, entry.Kind, violation.Code, violation.Message));
        }
    }
}
