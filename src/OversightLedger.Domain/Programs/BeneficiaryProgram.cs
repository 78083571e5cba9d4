using System.Collections;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;

namespace OversightLedger.Domain.Programs;

using OversightLedger.Domain.Money;

/// <summary>
/// The state of one beneficiary program and its rules (DESIGN §5: the program's currency, R6 enrolment and caps per
/// period, R7 idempotency): enrolled pseudonyms, what each pseudonym was paid and has reserved per period, and the
/// disbursement records with their leaf indices.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="DecideDisbursement"/> holds the cap in an in-memory reservation until <see cref="Apply"/> of the
/// Disbursed entry commits it or <see cref="Release"/> drops it.
/// </para>
/// <para>
/// Memory: per committed disbursement it keeps only the id (packed) and its <see cref="ProgramDisbursement"/> (about a
/// hundred bytes), and an equal Disbursed entry is rebuilt from them on the rare paths that need one (a replayed id, a
/// reversal, <see cref="FindDisbursement"/>). Totals are kept per (pseudonym, period), never lists of payments. A
/// log-backed program (<see cref="LogBacked"/>, what the grain holds) keeps not even that: an id filter, the disbursements
/// since its last snapshot, and the few its grain recalled from the log.
/// </para>
/// <para>Not thread-safe: one grain activation owns one instance.</para>
/// </remarks>
public sealed partial class BeneficiaryProgram
{
    private readonly Dictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);
    private PseudonymSet _beneficiaries = new();
    private readonly PeriodTotals _paid;
    private readonly PeriodTotals _reserved = new();
    private readonly EntryIdMap<ProgramDisbursement> _disbursements = new();
    private readonly SharedDisbursementFacts _facts = new();
    private readonly Dictionary<string, List<Reversed>> _reversals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Delivered> _deliveries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Disbursed> _reservations = new(StringComparer.Ordinal);
    private readonly LoggedEntries? _logged;
    private LogBackedDisbursements<ProgramDisbursement>? _held;
    private DateTimeOffset _latestTime = DateTimeOffset.MinValue;
    private string? _firstOpenPeriod;

    /// <summary>An empty program state for <paramref name="programId"/>, before its ProgramOpened entry.</summary>
    /// <exception cref="ArgumentException">The id is not a valid identifier.</exception>
    public BeneficiaryProgram(string programId)
        : this(programId, logged: null)
    {
    }

    /// <summary>
    /// A program state for a bounded replay: its disbursements and enrolment entries are not kept but found in the log
    /// through <paramref name="logged"/> when a rule names one (<see cref="LedgerReplay.OverLog"/>);
    /// <see cref="Disbursements"/> cannot be listed.
    /// </summary>
    internal BeneficiaryProgram(string programId, LoggedEntries? logged)
    {
        ProgramId = FieldFormat.Identifier(programId, nameof(programId));
        _logged = logged;
        _paid = new PeriodTotals(logged?.ClosedPeriods);
    }

    /// <summary>The program id.</summary>
    public string ProgramId { get; }

    /// <summary>The ProgramOpened entry (agency, currency, cap, period); null before.</summary>
    public ProgramOpened? Terms { get; private set; }

    /// <summary>Whether the ProgramOpened entry is applied.</summary>
    public bool IsOpen => Terms is not null;

    /// <summary>The implementing agency.</summary>
    /// <exception cref="InvalidOperationException">The program is not open.</exception>
    public string Agency => OpenTerms.Agency;

    /// <summary>The program's currency.</summary>
    /// <exception cref="InvalidOperationException">The program is not open.</exception>
    public Currency Currency => OpenTerms.Currency;

    /// <summary>The most one pseudonym may receive per period.</summary>
    /// <exception cref="InvalidOperationException">The program is not open.</exception>
    public Money CapPerPeriod => OpenTerms.CapPerPeriod;

    /// <summary>The kind of period the cap applies to.</summary>
    /// <exception cref="InvalidOperationException">The program is not open.</exception>
    public CapPeriod CapPeriod => OpenTerms.Period;

    /// <summary>The enrolled pseudonyms.</summary>
    public IReadOnlyCollection<BeneficiaryPseudonym> Beneficiaries => new EnrolledPseudonyms(_beneficiaries);

    /// <summary>The committed disbursements (each record is made when enumerated).</summary>
    /// <exception cref="InvalidOperationException">The state is a bounded replay's, which does not keep them.</exception>
    public IReadOnlyCollection<DisbursementRecord> Disbursements => _logged is null && _held is null
        ? new DisbursementRecords(this)
        : throw new InvalidOperationException($"A bounded replay does not keep the disbursements of '{ProgramId}'; the log holds them.");

    /// <summary>The number of committed disbursements.</summary>
    /// <exception cref="InvalidOperationException">The state is a bounded replay's, which does not count them.</exception>
    public long DisbursementCount => _held?.Count ?? Disbursements.Count;

    /// <summary>The Disbursed entries decided but not yet applied (their caps are held).</summary>
    public IReadOnlyCollection<Disbursed> Reservations => _reservations.Values;

    /// <summary>The sum disbursed by the program, net of reversals.</summary>
    /// <exception cref="InvalidOperationException">The program is not open.</exception>
    public Money Disbursed => new(Currency, _paid.Sum);

    private ProgramOpened OpenTerms => Terms ?? throw new InvalidOperationException($"The program '{ProgramId}' is not open.");

    /// <summary>Whether the pseudonym is enrolled.</summary>
    public bool IsEnrolled(BeneficiaryPseudonym beneficiary) => _beneficiaries.Contains(PseudonymBits.Of(beneficiary));

    /// <summary>What the pseudonym was paid in the period, net of reversals.</summary>
    /// <exception cref="InvalidOperationException">The program is not open.</exception>
    public Money PaidIn(BeneficiaryPseudonym beneficiary, string period) => new(Currency, _paid.Get(PseudonymBits.Of(beneficiary), period));

    /// <summary>What in-flight disbursements to the pseudonym hold in the period.</summary>
    /// <exception cref="InvalidOperationException">The program is not open.</exception>
    public Money ReservedIn(BeneficiaryPseudonym beneficiary, string period) => new(Currency, _reserved.Get(PseudonymBits.Of(beneficiary), period));

    /// <summary>The committed disbursement with this id, or null.</summary>
    public DisbursementRecord? FindDisbursement(string disbursementId) =>
        TryGetDisbursement(disbursementId, out ProgramDisbursement recorded) ? RecordOf(disbursementId, recorded) : null;

    /// <summary>The leaf index of the committed disbursement with this id, or null: <see cref="FindDisbursement"/> without making the record.</summary>
    public ulong? FindDisbursementLeafIndex(string disbursementId) =>
        TryGetDisbursement(disbursementId, out ProgramDisbursement recorded) ? recorded.LeafIndex : null;

    /// <summary>Any applied entry of this program with this id (Disbursed ones included), or null.</summary>
    public LedgerEntry? FindEntry(string entryId) =>
        _entries.TryGetValue(entryId, out LedgerEntry? entry) ? entry
        : _recalledEnrolments.TryGetValue(entryId, out BeneficiaryEnrolled? enrolled) ? enrolled
        : _logged is not null ? LoggedEntryOf(entryId)
        : FindDisbursement(entryId)?.Entry;

    /// <summary>Whether an entry of this program with this id is applied: <see cref="FindEntry"/> without rebuilding it.</summary>
    public bool HasEntry(string entryId) =>
        _entries.ContainsKey(entryId)
        || _recalledEnrolments.ContainsKey(entryId)
        || (_held is not null ? _held.TryGet(entryId, out _) : _logged is null ? _disbursements.ContainsKey(entryId) : LoggedEntryOf(entryId) is not null);

    /// <summary>Decides opening this program.</summary>
    public Decision<ProgramOpened> DecideOpen(string entryId, DateTimeOffset now, string agency, Money capPerPeriod, CapPeriod period) =>
        Decide(() => new ProgramOpened(entryId, now, ProgramId, agency, capPerPeriod, period));

    /// <summary>Decides enrolling a pseudonym.</summary>
    public Decision<BeneficiaryEnrolled> DecideEnroll(string entryId, DateTimeOffset now, BeneficiaryPseudonym beneficiary) =>
        Decide(() => new BeneficiaryEnrolled(entryId, now, ProgramId, beneficiary));

    /// <summary>
    /// Decides a disbursement on the program's side, after the budget reserved <paramref name="tranche"/>
    /// (<c>ReliefBudget.TryReserve</c>): R7 (an id already committed returns the recorded entry; the same id with
    /// different content is <c>duplicate</c>), then the currency, the period, enrolment and the cap (R6). On
    /// <see cref="DecisionOutcome.Append"/> the cap is held until <see cref="Apply"/> or <see cref="Release"/>; deciding
    /// the same in-flight request again returns the same entry and holds nothing twice.
    /// </summary>
    public Decision<Disbursed> DecideDisbursement(DisbursementRequest request, string tranche, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsOpen || request.Program != ProgramId)
        {
            return Decision<Disbursed>.Reject(RejectionCode.UnknownProgram, $"the program '{request.Program}' is not open");
        }

        string id = request.DisbursementId;
        if (TryGetDisbursement(id, out ProgramDisbursement recorded))
        {
            Disbursed entry = EntryOf(id, recorded.Facts);
            return request.IsRecordedBy(entry)
                ? Decision<Disbursed>.AlreadyRecorded(entry)
                : Decision<Disbursed>.Reject(DuplicateOf(id));
        }

        if (_reservations.TryGetValue(id, out Disbursed? pending))
        {
            return request.IsRecordedBy(pending) && pending.Tranche == tranche
                ? Decision<Disbursed>.Append(pending)
                : Decision<Disbursed>.Reject(DuplicateOf(id));
        }

        if (_entries.ContainsKey(id))
        {
            return Decision<Disbursed>.Reject(DuplicateOf(id));
        }

        if (request.Tranche is not null && request.Tranche != tranche)
        {
            return Decision<Disbursed>.Reject(RejectionCode.InvalidRequest, $"the request names the tranche '{request.Tranche}', the budget reserved '{tranche}'");
        }

        Disbursed candidate;
        try
        {
            candidate = request.ToEntry(tranche, now);
        }
        catch (ArgumentException e)
        {
            return Decision<Disbursed>.Reject(RejectionCode.InvalidRequest, e.Message);
        }

        if (Check(candidate) is { } refused)
        {
            return Decision<Disbursed>.Reject(refused);
        }

        _reservations.Add(id, candidate);
        Add(_reserved, candidate.Beneficiary, candidate.Period, candidate.Amount.MinorUnits);
        return Decision<Disbursed>.Append(candidate);
    }

    /// <summary>Drops the cap held for an in-flight disbursement. False when there was none.</summary>
    public bool Release(string disbursementId)
    {
        if (!_reservations.Remove(disbursementId, out Disbursed? pending))
        {
            return false;
        }

        Add(_reserved, pending.Beneficiary, pending.Period, -pending.Amount.MinorUnits);
        return true;
    }

    /// <summary>
    /// Decides reversing what is left of a committed disbursement: the money goes back to its tranche and to the
    /// beneficiary's period once the entry is applied.
    /// </summary>
    public Decision<Reversed> DecideReversal(string entryId, DateTimeOffset now, string disbursementId, string reason) =>
        DecideReversal(entryId, now, disbursementId, amount: null, reason);

    /// <summary>
    /// Decides reversing <paramref name="amount"/> of a committed disbursement (null: all that is left of it), for one of
    /// the <see cref="ReversalReason"/> codes. Partial reversals add up to at most the amount paid; a delivered payment
    /// may be returned or recovered, never failed. Idempotent by entry id: the same id for the same disbursement and
    /// reason (and amount, when given) returns the recorded entry, another request under it is <c>duplicate</c>.
    /// </summary>
    public Decision<Reversed> DecideReversal(string entryId, DateTimeOffset now, string disbursementId, Money? amount, string reason)
    {
        if (FindDisbursement(disbursementId) is not { } record)
        {
            return Decision<Reversed>.Reject(RejectionCode.UnknownDisbursement, $"the program '{ProgramId}' has no disbursement '{disbursementId}'");
        }

        if (!ReversalReason.IsKnown(reason))
        {
            return Decision<Reversed>.Reject(RejectionCode.InvalidRequest, $"the reason must be one of {string.Join(", ", ReversalReason.All)}");
        }

        if (FindEntry(entryId) is Reversed recorded && recorded.Disbursement == disbursementId && recorded.Reason == reason
            && (amount is null || recorded.Amount == amount))
        {
            return Decision<Reversed>.AlreadyRecorded(recorded);
        }

        Disbursed original = record.Entry;
        if (amount is null && record.IsReversed)
        {
            return Decision<Reversed>.Reject(RejectionCode.AlreadyReversed, $"the disbursement '{disbursementId}' is already reversed in full");
        }

        Money returned = amount ?? record.Remaining;
        return Decide(() => new Reversed(entryId, now, disbursementId, ProgramId, original.Budget, original.Tranche, returned, reason));
    }

    /// <summary>
    /// Decides confirming that a committed disbursement was delivered: once per disbursement, not after a reversal in
    /// full; the entry holds what is left of the payment. Idempotent by entry id, like <see cref="DecideReversal(string, DateTimeOffset, string, Money?, string)"/>.
    /// </summary>
    public Decision<Delivered> DecideDelivery(string entryId, DateTimeOffset now, string disbursementId)
    {
        if (FindDisbursement(disbursementId) is not { } record)
        {
            return Decision<Delivered>.Reject(RejectionCode.UnknownDisbursement, $"the program '{ProgramId}' has no disbursement '{disbursementId}'");
        }

        if (FindEntry(entryId) is Delivered recorded && recorded.Disbursement == disbursementId)
        {
            return Decision<Delivered>.AlreadyRecorded(recorded);
        }

        return Decide(() => new Delivered(entryId, now, disbursementId, ProgramId, record.Entry.Budget, record.Remaining));
    }

    /// <summary>
    /// Applies an entry that is in the log at <paramref name="leafIndex"/>. Idempotent by entry id. A Disbursed entry
    /// commits its held cap (or, in a rebuild, counts as paid directly) and becomes a <see cref="DisbursementRecord"/>;
    /// a Reversed entry gives its amount back to the beneficiary's cap in the period of the payment it reverses; a
    /// Delivered entry marks the payment delivered.
    /// </summary>
    /// <exception cref="ArgumentException">The entry is not a program entry, or names another program.</exception>
    /// <exception cref="InvalidOperationException">
    /// The entry cannot be applied at all (program not open or opened twice, another currency, unknown or already
    /// reversed disbursement).
    /// </exception>
    public void Apply(LedgerEntry entry, ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (ProgramOf(entry) is not { } program || program != ProgramId)
        {
            throw new ArgumentException($"The {entry.Kind} entry '{entry.Id}' is not an entry of the program '{ProgramId}'.", nameof(entry));
        }

        if (HasEntry(entry.Id))
        {
            return;
        }

        if (entry is not ProgramOpened)
        {
            _ = OpenTerms;
            CloseOldPeriods(entry.Time);
        }

        switch (entry)
        {
            case ProgramOpened opened:
                Terms = Terms is null ? opened : throw NotApplicable(entry, "the program is already open");
                break;
            case BeneficiaryEnrolled enrolled:
                bool added = _beneficiaries.Add(PseudonymBits.Of(enrolled.Beneficiary));
                if (_logged is not null)
                {
                    return; // a bounded replay finds the enrolment in the log when its id is asked for
                }

                if (_enrolmentIds is not null)
                {
                    if (added)
                    {
                        _enrolmentIds.Add(enrolled.Id); // log-backed: the entry stays in the log (RecallEnrolment)
                    }

                    return;
                }

                break;
            case Disbursed disbursed:
                if (disbursed.Amount.Currency != Currency)
                {
                    throw NotApplicable(entry, $"its amount is in {disbursed.Amount.Currency.Code}, the program in {Currency.Code}");
                }

                Release(disbursed.Id);
                if (_logged is not null || _held is not null)
                {
                    Add(_paid, disbursed.Beneficiary, disbursed.Period, disbursed.Amount.MinorUnits);
                    _held?.Add(disbursed.Id, new ProgramDisbursement(DisbursementFacts.Of(disbursed), leafIndex), leafIndex);
                    return;
                }

                DisbursementFacts facts = _facts.Of(disbursed);
                Add(_paid, facts.Beneficiary, facts.Period, facts.AmountUnits);
                _disbursements.TryAdd(disbursed.Id, new ProgramDisbursement(facts, leafIndex));
                return;
            case Reversed reversed:
                ApplyReversed(reversed);
                break;
            case Delivered delivered:
                if (!TryGetDisbursement(delivered.Disbursement, out _))
                {
                    throw NotApplicable(entry, $"the disbursement '{delivered.Disbursement}' is not recorded");
                }

                if (!_deliveries.TryAdd(delivered.Disbursement, delivered))
                {
                    throw NotApplicable(entry, $"the delivery of '{delivered.Disbursement}' is already confirmed");
                }

                break;
        }

        _entries.Add(entry.Id, entry);
    }

    /// <summary>
    /// Checks a program entry against the rules and the current state, as the auditor's replay does for each recorded
    /// entry: null when it is allowed, else the rule it breaks.
    /// </summary>
    public DomainRejection? Check(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry is ProgramOpened opened)
        {
            return IsOpen ? Rejection(RejectionCode.ProgramExists, $"the program '{ProgramId}' is already open")
                : opened.Program != ProgramId ? Rejection(RejectionCode.UnknownProgram, $"the entry opens '{opened.Program}', not '{ProgramId}'")
                : opened.CapPerPeriod.IsPositive ? null
                : Rejection(RejectionCode.InvalidAmount, $"the cap per period must be above zero, not {opened.CapPerPeriod}");
        }

        if (!IsOpen || ProgramOf(entry) != ProgramId)
        {
            return Rejection(RejectionCode.UnknownProgram, $"the program '{ProgramOf(entry) ?? ProgramId}' is not open");
        }

        if (HasEntry(entry.Id))
        {
            return DuplicateOf(entry.Id);
        }

        return entry switch
        {
            BeneficiaryEnrolled enrolled => IsEnrolled(enrolled.Beneficiary)
                ? Rejection(RejectionCode.AlreadyEnrolled, $"the beneficiary {enrolled.Beneficiary} is already enrolled")
                : null,
            Disbursed disbursed => CheckDisbursed(disbursed),
            Reversed reversed => CheckReversed(reversed),
            Delivered delivered => CheckDelivered(delivered),
            _ => throw new ArgumentException($"A {entry.Kind} entry is not a program entry.", nameof(entry)),
        };
    }

    /// <summary>The program an entry belongs to, or null when it is not a program entry.</summary>
    internal static string? ProgramOf(LedgerEntry entry) => entry switch
    {
        ProgramOpened e => e.Program,
        BeneficiaryEnrolled e => e.Program,
        Disbursed e => e.Program,
        Reversed e => e.Program,
        Delivered e => e.Program,
        _ => null,
    };

    /// <summary>The shared template (<see cref="IdempotentDecision"/>); an id held by a reservation is taken too.</summary>
    private Decision<TEntry> Decide<TEntry>(Func<TEntry> build)
        where TEntry : LedgerEntry =>
        IdempotentDecision.Decide(build, FindEntry, candidate => _reservations.ContainsKey(candidate.Id) ? DuplicateOf(candidate.Id) : Check(candidate));

    /// <summary>The program's side of a disbursement: amount, currency, period, enrolment (R6) and the cap (R6).</summary>
    private DomainRejection? CheckDisbursed(Disbursed disbursed)
    {
        if (disbursed.Amount.Currency != Currency)
        {
            return Rejection(RejectionCode.CurrencyMismatch, $"the amount is in {disbursed.Amount.Currency.Code}; the program '{ProgramId}' is in {Currency.Code}");
        }

        if (!disbursed.Amount.IsPositive)
        {
            return Rejection(RejectionCode.InvalidAmount, $"a disbursement must be above zero, not {disbursed.Amount}");
        }

        string current = PaymentPeriod.Of(CapPeriod, disbursed.Time);
        if (!PaymentPeriod.IsPeriodOf(CapPeriod, disbursed.Period) || string.CompareOrdinal(disbursed.Period, current) > 0)
        {
            return Rejection(RejectionCode.InvalidPeriod, $"the period '{disbursed.Period}' must be a {PaymentPeriod.ToText(CapPeriod)} no later than {current}");
        }

        if (!IsEnrolled(disbursed.Beneficiary))
        {
            // No pseudonym in the message: it would tell any caller the pseudonym of any reference without writing anything.
            return Rejection(RejectionCode.UnknownBeneficiary, $"the beneficiary is not enrolled in the program '{ProgramId}'");
        }

        var beneficiary = PseudonymBits.Of(disbursed.Beneficiary);
        long paid = _paid.Get(beneficiary, disbursed.Period);
        long reserved = _reserved.Get(beneficiary, disbursed.Period);
        if (_reservations.TryGetValue(disbursed.Id, out Disbursed? own))
        {
            reserved -= own.Amount.MinorUnits;
        }

        long total = checked(paid + reserved + disbursed.Amount.MinorUnits);
        return total <= CapPerPeriod.MinorUnits
            ? null
            : Rejection(
                RejectionCode.CapExceeded,
                $"the beneficiary {disbursed.Beneficiary} would receive {new Money(Currency, total)} in {disbursed.Period}, more than the cap of {CapPerPeriod}");
    }

    /// <summary>
    /// The program's side of a reversal: a disbursement of this program, the same budget, tranche and currency, an
    /// amount above zero and at most what is left of the payment (never more than was paid, however many partial
    /// reversals), and no <c>failed</c> after a confirmed delivery.
    /// </summary>
    private DomainRejection? CheckReversed(Reversed reversed)
    {
        if (FindDisbursement(reversed.Disbursement) is not { } record)
        {
            return Rejection(RejectionCode.UnknownDisbursement, $"the program '{ProgramId}' has no disbursement '{reversed.Disbursement}'");
        }

        Disbursed original = record.Entry;
        if (reversed.Budget != original.Budget || reversed.Tranche != original.Tranche || reversed.Amount.Currency != original.Amount.Currency)
        {
            return Rejection(RejectionCode.ReversalMismatch, $"the reversal does not match the disbursement '{original.Id}' ({original.Budget}, {original.Tranche}, {original.Amount.Currency.Code})");
        }

        if (!reversed.Amount.IsPositive)
        {
            return Rejection(RejectionCode.InvalidAmount, $"a reversal must be above zero, not {reversed.Amount}");
        }

        if (record.IsReversed)
        {
            return Rejection(RejectionCode.AlreadyReversed, $"the disbursement '{reversed.Disbursement}' is already reversed in full");
        }

        if (reversed.Amount > record.Remaining)
        {
            return Rejection(
                RejectionCode.ReversalExceedsPaid,
                $"the reversal of {reversed.Amount} is more than the {record.Remaining} left of the disbursement '{original.Id}' ({original.Amount} paid, {record.ReversedAmount} reversed)");
        }

        return record.IsDelivered && reversed.Reason == ReversalReason.Failed
            ? Rejection(RejectionCode.DeliveredNotFailed, $"the disbursement '{original.Id}' was delivered: it can be returned or recovered, not have failed")
            : null;
    }

    /// <summary>A delivery: of a disbursement of this program and budget, once, not after a reversal in full, for what is left of it.</summary>
    private DomainRejection? CheckDelivered(Delivered delivered)
    {
        if (FindDisbursement(delivered.Disbursement) is not { } record)
        {
            return Rejection(RejectionCode.UnknownDisbursement, $"the program '{ProgramId}' has no disbursement '{delivered.Disbursement}'");
        }

        if (record.IsDelivered)
        {
            return Rejection(RejectionCode.AlreadyDelivered, $"the delivery of the disbursement '{delivered.Disbursement}' is already confirmed");
        }

        if (record.IsReversed)
        {
            return Rejection(RejectionCode.AlreadyReversed, $"the disbursement '{delivered.Disbursement}' is reversed in full: nothing is left to deliver");
        }

        return delivered.Budget == record.Entry.Budget && delivered.Amount == record.Remaining
            ? null
            : Rejection(RejectionCode.DeliveryMismatch, $"the delivery does not match the disbursement '{delivered.Disbursement}' ({record.Entry.Budget}, {record.Remaining} left)");
    }

    private void ApplyReversed(Reversed reversed)
    {
        if (!TryGetDisbursement(reversed.Disbursement, out ProgramDisbursement original))
        {
            throw NotApplicable(reversed, $"the disbursement '{reversed.Disbursement}' is not recorded");
        }

        if (reversed.Amount.Currency != Currency)
        {
            throw NotApplicable(reversed, $"its amount is in {reversed.Amount.Currency.Code}, the program in {Currency.Code}");
        }

        long reversedBefore = 0;
        if (_reversals.TryGetValue(reversed.Disbursement, out List<Reversed>? earlier))
        {
            reversedBefore = earlier.Sum(r => r.Amount.MinorUnits);
        }

        if (!reversed.Amount.IsPositive || checked(reversedBefore + reversed.Amount.MinorUnits) > original.Facts.AmountUnits)
        {
            throw NotApplicable(reversed, $"it would give back more than the {new Money(Currency, original.Facts.AmountUnits - reversedBefore)} left of the disbursement");
        }

        if (earlier is null)
        {
            _reversals.Add(reversed.Disbursement, [reversed]);
        }
        else
        {
            earlier.Add(reversed);
        }

        Add(_paid, original.Facts.Beneficiary, original.Facts.Period, -reversed.Amount.MinorUnits);
    }

    private static void Add(PeriodTotals totals, BeneficiaryPseudonym beneficiary, string period, long units) =>
        totals.Add(PseudonymBits.Of(beneficiary), period, units);

    /// <summary>The periods whose per-beneficiary totals are held in memory (a bounded replay moves closed ones to a file).</summary>
    internal IEnumerable<string> PeriodsInMemory => _paid.PeriodsInMemory;

    /// <summary>
    /// A bounded replay keeps in memory the totals of the current period of the latest entry and of the one before
    /// (late payments and reversals land there); older periods go to the file of closed periods, from which a late entry
    /// that names one brings it back.
    /// </summary>
    private void CloseOldPeriods(DateTimeOffset time)
    {
        if (time <= _latestTime)
        {
            return;
        }

        _latestTime = time;
        string firstOpen = PaymentPeriod.Of(CapPeriod, time.AddMonths(CapPeriod == CapPeriod.Month ? -1 : -3));
        if (_logged is not null && firstOpen != _firstOpenPeriod)
        {
            _firstOpenPeriod = firstOpen;
            _paid.CloseBefore(firstOpen);
        }
    }

    /// <summary>A committed disbursement of this program: kept, or in a bounded replay read back from the log.</summary>
    private bool TryGetDisbursement(string disbursementId, out ProgramDisbursement recorded)
    {
        if (_held is not null)
        {
            return _held.TryGet(disbursementId, out recorded);
        }

        if (_logged is null)
        {
            return _disbursements.TryGetValue(disbursementId, out recorded);
        }

        recorded = _logged.FindCounted(disbursementId, out ulong leafIndex) is Disbursed { } entry && entry.Program == ProgramId
            ? new ProgramDisbursement(DisbursementFacts.Of(entry), leafIndex)
            : default;
        return recorded.Facts.Terms is not null;
    }

    /// <summary>A counted entry of this program found in the log by its id (bounded replay).</summary>
    private LedgerEntry? LoggedEntryOf(string entryId) =>
        _logged!.FindCounted(entryId, out _) is { } entry && ProgramOf(entry) == ProgramId ? entry : null;

    /// <summary>The committed Disbursed entry, rebuilt from its facts: equal to the one applied, same canonical bytes.</summary>
    private Disbursed EntryOf(string disbursementId, DisbursementFacts facts) =>
        facts.ToEntry(disbursementId, Currency);

    private DisbursementRecord RecordOf(string disbursementId, ProgramDisbursement recorded) =>
        new(
            EntryOf(disbursementId, recorded.Facts),
            recorded.LeafIndex,
            _reversals.TryGetValue(disbursementId, out List<Reversed>? reversals) ? [.. reversals] : [],
            _deliveries.GetValueOrDefault(disbursementId));

    private static DomainRejection DuplicateOf(string id) => IdempotentDecision.DuplicateOf(id);

    private static DomainRejection Rejection(string code, string message) => new(code, message);

    private InvalidOperationException NotApplicable(LedgerEntry entry, string why) =>
        new($"The {entry.Kind} entry '{entry.Id}' cannot be applied to the program '{ProgramId}': {why}.");

    /// <summary>The enrolled pseudonyms, each made from its bits when enumerated.</summary>
    private sealed class EnrolledPseudonyms(PseudonymSet enrolled) : IReadOnlyCollection<BeneficiaryPseudonym>
    {
        public int Count => enrolled.Count;

        public IEnumerator<BeneficiaryPseudonym> GetEnumerator() => enrolled.Select(b => b.ToPseudonym()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The committed disbursements as records, made one by one as they are enumerated.</summary>
    private sealed class DisbursementRecords(BeneficiaryProgram program) : IReadOnlyCollection<DisbursementRecord>
    {
        public int Count => program._disbursements.Count;

        public IEnumerator<DisbursementRecord> GetEnumerator()
        {
            foreach (KeyValuePair<string, ProgramDisbursement> recorded in program._disbursements)
            {
                yield return program.RecordOf(recorded.Key, recorded.Value);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
