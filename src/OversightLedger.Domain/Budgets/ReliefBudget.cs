using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;

namespace OversightLedger.Domain.Budgets;

using OversightLedger.Domain.Money;

/// <summary>
/// The state of one ring-fenced budget and its rules (DESIGN §5: R1 ring-fence, R2 funds, R3 tranches, R4 freeze,
/// R5 exemptions, R7 idempotency). <c>Decide…</c> methods and <see cref="TryReserve"/> decide; <see cref="Apply"/>
/// changes the recorded state, and only for entries that are in the log.
/// </summary>
/// <remarks>
/// <para>
/// Deciding never changes the recorded state. The one exception is the in-memory reservation that
/// <see cref="TryReserve"/> takes (and <see cref="Release"/> or <see cref="Apply"/> of the Disbursed entry ends), so
/// that concurrent decisions count money that is promised but not yet in the log. Reservations are not in the log;
/// a rebuilt budget has none.
/// </para>
/// <para>
/// The same checks serve the live decisions and the auditor's replay (<c>LedgerReplay</c>), which calls
/// <see cref="Check"/> on each recorded entry before applying it.
/// </para>
/// <para>
/// Memory: per committed disbursement it keeps only the id (packed) and its facts (about a hundred bytes), and an equal
/// Disbursed entry is rebuilt from them on the rare paths that need one (a replayed id, <see cref="FindDisbursement"/>).
/// A log-backed budget (<see cref="LogBacked"/>, what the grain holds) keeps only an id filter of them, a few bytes each,
/// besides those applied since its last snapshot and those its grain recalled from the log.
/// </para>
/// <para>Not thread-safe: one grain activation owns one instance.</para>
/// </remarks>
public sealed partial class ReliefBudget
{
    /// <summary>
    /// How many days after the day it is recorded (UTC) a benchmark verification may be dated: one, for a verifier whose
    /// local date is already tomorrow in UTC terms; anything later has not happened yet.
    /// </summary>
    public const int VerificationDaysAhead = 1;

    private readonly Dictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<Tranche> _tranches = [];
    private readonly Dictionary<string, Tranche> _tranchesById = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _eligibleAgencies = new(StringComparer.Ordinal);
    private readonly List<Exemption> _exemptions = [];
    private readonly EntryIdMap<DisbursementFacts> _disbursements = new();
    private readonly LoggedEntries? _logged;
    private readonly SharedDisbursementFacts _facts = new();
    private readonly Dictionary<string, long> _reversedUnits = new(StringComparer.Ordinal);
    private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BudgetReservation> _reservations = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _verifierGroups = new(StringComparer.Ordinal);
    private long _receivedUnits;
    private long _deliveredUnits;

    /// <summary>An empty budget state for <paramref name="budgetId"/>, before its BudgetOpened entry.</summary>
    /// <exception cref="ArgumentException">The id is not a valid identifier.</exception>
    public ReliefBudget(string budgetId) => BudgetId = FieldFormat.Identifier(budgetId, nameof(budgetId));

    /// <summary>
    /// A budget state for a bounded replay: its disbursements are not kept but found in the log through
    /// <paramref name="logged"/> when a reversal or a delivery names one (<see cref="LedgerReplay.OverLog"/>).
    /// </summary>
    internal ReliefBudget(string budgetId, LoggedEntries? logged)
        : this(budgetId) => _logged = logged;

    /// <summary>The budget id.</summary>
    public string BudgetId { get; }

    /// <summary>The BudgetOpened entry (donor, purpose, country, currency, pledge, snap-back classes, owner); null before.</summary>
    public BudgetOpened? Terms { get; private set; }

    /// <summary>Whether the BudgetOpened entry is applied.</summary>
    public bool IsOpen => Terms is not null;

    /// <summary>The budget's currency.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Currency Currency => OpenTerms.Currency;

    /// <summary>The donor key id that owns the budget.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public string Owner => OpenTerms.Owner;

    /// <summary>Whether the budget is frozen (snap-back).</summary>
    public bool IsFrozen => Freeze is not null;

    /// <summary>The BudgetFrozen entry in force; null when not frozen.</summary>
    public BudgetFrozen? Freeze { get; private set; }

    /// <summary>The pledged amount.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Money Pledged => OpenTerms.Pledged;

    /// <summary>The funds received.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Money Received => new(Currency, _receivedUnits);

    /// <summary>The sum released over all tranches.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Money Released => Sum(t => t.ReleasedUnits);

    /// <summary>The sum held by in-flight reservations.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Money Reserved => Sum(t => t.ReservedUnits);

    /// <summary>The sum disbursed, net of reversals.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Money Disbursed => Sum(t => t.DisbursedUnits);

    /// <summary>Released − (reserved + disbursed) over all tranches.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Money Available => Sum(t => t.AvailableUnits);

    /// <summary>The tranches, in the order they were added.</summary>
    public IReadOnlyList<Tranche> Tranches => _tranches;

    /// <summary>The programs listed as eligible, in ordinal order.</summary>
    public IReadOnlyCollection<string> EligiblePrograms => _eligibleAgencies.Keys;

    /// <summary>The agency each eligible program's listing pinned, by program id.</summary>
    public IReadOnlyDictionary<string, string> EligibleAgencies => _eligibleAgencies;

    /// <summary>The exemptions, in the order they were granted.</summary>
    public IReadOnlyList<Exemption> Exemptions => _exemptions;

    /// <summary>The verifiers registered with the budget and their groups, by verifier principal, in ordinal order.</summary>
    public IReadOnlyDictionary<string, string> VerifierGroups => _verifierGroups;

    /// <summary>The in-flight reservations.</summary>
    public IReadOnlyCollection<BudgetReservation> Reservations => _reservations.Values;

    private BudgetOpened OpenTerms => Terms ?? throw new InvalidOperationException($"The budget '{BudgetId}' is not open.");

    /// <summary>The tranche with this id, or null.</summary>
    public Tranche? FindTranche(string trancheId) => _tranchesById.GetValueOrDefault(trancheId);

    /// <summary>The exemption with this id, or null.</summary>
    public Exemption? FindExemption(string exemptionId) => _exemptions.Find(e => e.Id == exemptionId);

    /// <summary>The committed Disbursed entry with this id, or null.</summary>
    public Disbursed? FindDisbursement(string disbursementId) =>
        TryGetDisbursement(disbursementId, out DisbursementFacts facts) ? EntryOf(disbursementId, facts) : null;

    /// <summary>What the reversals of this disbursement gave back so far (zero when none).</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Money ReversedOf(string disbursementId) => new(Currency, _reversedUnits.GetValueOrDefault(disbursementId));

    /// <summary>The sum of the Delivered entries: payments their provider confirmed, net of reversals made before.</summary>
    /// <exception cref="InvalidOperationException">The budget is not open.</exception>
    public Money DeliveredTotal => new(Currency, _deliveredUnits);

    /// <summary>Any applied entry of this budget with this id (Disbursed ones included), or null.</summary>
    public LedgerEntry? FindEntry(string entryId) =>
        _entries.TryGetValue(entryId, out LedgerEntry? entry) ? entry : FindDisbursement(entryId);

    /// <summary>Decides opening this budget, with the consequence ladder of its terms when <paramref name="consequenceLadder"/> is not null.</summary>
    public Decision<BudgetOpened> DecideOpen(
        string entryId, DateTimeOffset now, string donor, string purpose, string country, Money pledged, IEnumerable<string> snapBackClasses, string owner,
        ConsequenceLadder? consequenceLadder = null) =>
        Decide(() => new BudgetOpened(entryId, now, BudgetId, donor, purpose, country, pledged, new NameSet(snapBackClasses), owner, consequenceLadder));

    /// <summary>Decides recording funds received.</summary>
    public Decision<FundsReceived> DecideReceiveFunds(string entryId, DateTimeOffset now, Money amount, string reference) =>
        Decide(() => new FundsReceived(entryId, now, BudgetId, amount, reference));

    /// <summary>Decides adding a tranche (owner only).</summary>
    public Decision<TrancheAdded> DecideAddTranche(
        string entryId, DateTimeOffset now, string actingKey, string tranche, Money amount, bool humanitarian, IEnumerable<string> benchmarks) =>
        Decide(() => new TrancheAdded(entryId, now, BudgetId, tranche, amount, humanitarian, new NameSet(benchmarks)), actingKey);

    /// <summary>
    /// Decides recording an independent verification of one of a tranche's benchmarks (the verifier must not be the owner;
    /// for a defined benchmark it must be registered with the budget and record the measured <paramref name="value"/>).
    /// </summary>
    public Decision<BenchmarkVerified> DecideVerifyBenchmark(
        string entryId, DateTimeOffset now, string tranche, string benchmark, string verifier, string evidenceSha256, DateOnly verifiedOn, decimal? value = null) =>
        Decide(() => new BenchmarkVerified(entryId, now, BudgetId, tranche, benchmark, verifier, evidenceSha256, verifiedOn, value));

    /// <summary>
    /// Decides defining one of a tranche's benchmarks (owner only): indicator, unit, baseline, target and direction, due
    /// date, and the rule (verifications from distinct groups). Only before the benchmark has any verification.
    /// </summary>
    public Decision<BenchmarkDefined> DecideDefineBenchmark(
        string entryId, DateTimeOffset now, string actingKey, string tranche, string benchmark, string indicator, string unit, decimal baseline,
        decimal target, TargetDirection direction, DateOnly dueOn, int requiredVerifications, int requiredGroups, ReviewCadence? reviewCadence = null,
        int? reviewCount = null) =>
        Decide(() => new BenchmarkDefined(
            entryId, now, BudgetId, tranche, benchmark, indicator, unit, baseline, target, direction, dueOn, requiredVerifications, requiredGroups, reviewCadence, reviewCount), actingKey);

    /// <summary>
    /// Checks the definitions that will follow a tranche's entry (before either is appended, so a bad definition adds no
    /// tranche): each names a benchmark of the tranche, once, with well-formed terms and a due date not before the tranche's day.
    /// </summary>
    public DomainRejection? CheckDefinitionsOfTranche(TrancheAdded tranche, IReadOnlyList<BenchmarkTerms> definitions)
    {
        ArgumentNullException.ThrowIfNull(tranche);
        ArgumentNullException.ThrowIfNull(definitions);
        HashSet<string> seen = new(StringComparer.Ordinal);
        DateOnly today = DateOnly.FromDateTime(tranche.Time.UtcDateTime);
        foreach (BenchmarkTerms terms in definitions)
        {
            if (!tranche.Benchmarks.Contains(terms.Benchmark) || !seen.Add(terms.Benchmark))
            {
                return Rejection(RejectionCode.InvalidRequest, $"the benchmark '{terms.Benchmark}' is defined twice or is not one of the tranche's");
            }

            try
            {
                _ = new BenchmarkDefined(
                    EntryIds.BenchmarkDefined(BudgetId, tranche.Tranche, terms.Benchmark), tranche.Time, BudgetId, tranche.Tranche, terms.Benchmark, terms.Indicator,
                    terms.Unit, terms.Baseline, terms.Target, terms.Direction, terms.DueOn, terms.RequiredVerifications, terms.RequiredGroups, terms.ReviewCadence,
                    terms.ReviewCount);
            }
            catch (ArgumentException e)
            {
                return Rejection(RejectionCode.InvalidRequest, e.Message);
            }

            if (terms.DueOn < today)
            {
                return Rejection(RejectionCode.InvalidDueDate, $"the due date {terms.DueOn:yyyy-MM-dd} of '{terms.Benchmark}' is before the day the tranche is added ({today:yyyy-MM-dd})");
            }
        }

        return null;
    }

    /// <summary>Decides registering a verifier of the budget's defined benchmarks with its group (owner only; never the owner itself).</summary>
    public Decision<VerifierRegistered> DecideRegisterVerifier(string entryId, DateTimeOffset now, string actingKey, string verifier, string group) =>
        Decide(() => new VerifierRegistered(entryId, now, BudgetId, verifier, group), actingKey);

    /// <summary>Decides settling a contested benchmark as met or not met, with a reason (owner only; only while contested).</summary>
    public Decision<BenchmarkDecided> DecideSettleBenchmark(string entryId, DateTimeOffset now, string actingKey, string tranche, string benchmark, bool met, string reason) =>
        Decide(() => new BenchmarkDecided(entryId, now, BudgetId, tranche, benchmark, met, reason, actingKey), actingKey);

    /// <summary>
    /// Decides releasing a tranche (R3): only by the owner, only once every benchmark of the tranche has a recorded
    /// verification, at most the tranche's amount and at most received − already released.
    /// </summary>
    public Decision<TrancheReleased> DecideReleaseTranche(string entryId, DateTimeOffset now, string actingKey, string tranche, Money amount)
    {
        NameSet verifications = FindTranche(tranche)?.Benchmarks ?? NameSet.Empty;
        return Decide(() => new TrancheReleased(entryId, now, BudgetId, tranche, amount, verifications, actingKey), actingKey);
    }

    /// <summary>
    /// Decides listing a program as eligible (the ring-fence; owner only): only a program that is open
    /// (<paramref name="listed"/> not null) and in the budget's currency, and the listing pins the agency that runs it.
    /// </summary>
    public Decision<ProgramEligible> DecideListProgram(string entryId, DateTimeOffset now, string actingKey, string program, ListedProgram? listed)
    {
        if (listed is null || listed.Program != program)
        {
            return Decision<ProgramEligible>.Reject(RejectionCode.UnknownProgram, $"there is no program '{program}' to list");
        }

        Decision<ProgramEligible> decision = Decide(() => new ProgramEligible(entryId, now, BudgetId, program, listed.Agency), actingKey);
        return decision.Outcome == DecisionOutcome.Append && CheckListing(decision.Entry!, listed) is { } refused
            ? Decision<ProgramEligible>.Reject(refused)
            : decision;
    }

    /// <summary>Decides freezing the budget (snap-back).</summary>
    public Decision<BudgetFrozen> DecideFreeze(string entryId, DateTimeOffset now, string reason, string? finding = null) =>
        Decide(() => new BudgetFrozen(entryId, now, BudgetId, reason, finding));

    /// <summary>Decides unfreezing the budget.</summary>
    public Decision<BudgetUnfrozen> DecideUnfreeze(string entryId, DateTimeOffset now, string reason) =>
        Decide(() => new BudgetUnfrozen(entryId, now, BudgetId, reason));

    /// <summary>Decides granting a humanitarian exemption (owner only; the sunset must be after now).</summary>
    public Decision<ExemptionGranted> DecideGrantExemption(
        string entryId, DateTimeOffset now, string actingKey, string exemption, IEnumerable<string> sectors, IEnumerable<string> modalities,
        Money maxAmount, DateTimeOffset sunset) =>
        Decide(() => new ExemptionGranted(entryId, now, BudgetId, exemption, new NameSet(sectors), new NameSet(modalities), maxAmount, sunset), actingKey);

    /// <summary>Decides renewing an exemption (owner only; the new sunset must be after now and after the current one).</summary>
    public Decision<ExemptionRenewed> DecideRenewExemption(string entryId, DateTimeOffset now, string actingKey, string exemption, DateTimeOffset sunset) =>
        Decide(() => new ExemptionRenewed(entryId, now, BudgetId, exemption, sunset), actingKey);

    /// <summary>Decides recording that an exemption's sunset has passed (now at or after the sunset).</summary>
    public Decision<ExemptionExpired> DecideExpireExemption(string entryId, DateTimeOffset now, string exemption) =>
        Decide(() => new ExemptionExpired(entryId, now, BudgetId, exemption));

    /// <summary>
    /// Reserves money for a disbursement (R1, R2, R4, R5, R7). With no tranche named, the first released tranche (in the
    /// order added) that the rules allow and that has enough available is chosen. A second call with the same id and
    /// the same request returns the same tranche and counts nothing twice, whether the first is still in flight or
    /// already committed; the same id with a different request is refused as <c>duplicate</c>.
    /// </summary>
    public TrancheReservation TryReserve(DisbursementRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        DateTimeOffset time = EntryTime.ToWholeSeconds(now);
        string id = request.DisbursementId;
        if (IsOpen && request.Budget == BudgetId)
        {
            if (TryGetDisbursement(id, out DisbursementFacts committed))
            {
                return request.IsRecordedBy(EntryOf(id, committed))
                    ? TrancheReservation.Committed(committed.Terms.Tranche)
                    : TrancheReservation.Rejected(DuplicateOf(id));
            }

            if (_reservations.TryGetValue(id, out BudgetReservation? reserved))
            {
                return request == reserved.Request
                    ? TrancheReservation.Reserved(reserved.Tranche)
                    : TrancheReservation.Rejected(DuplicateOf(id));
            }

            if (_entries.ContainsKey(id))
            {
                return TrancheReservation.Rejected(DuplicateOf(id));
            }
        }

        DomainRejection? refused = CheckDisbursementAmount(request.Budget, request.Amount) ?? CheckRingFence(request.Program, request.Agency)
            ?? CheckVettedPayment(id, request.Amount);
        if (refused is not null)
        {
            return TrancheReservation.Rejected(refused);
        }

        Tranche? chosen;
        if (request.Tranche is not null)
        {
            chosen = FindTranche(request.Tranche);
            refused = chosen is null
                ? Rejection(RejectionCode.UnknownTranche, $"the budget '{BudgetId}' has no tranche '{request.Tranche}'")
                : CheckTranche(chosen, request.Sector, request.Modality, request.Amount, time, IsFrozen, excludedReservation: id);
        }
        else
        {
            chosen = ChooseTranche(request, time, out refused);
        }

        if (refused is not null)
        {
            return TrancheReservation.Rejected(refused);
        }

        chosen!.ReservedUnits = checked(chosen.ReservedUnits + request.Amount.MinorUnits);
        _reservations.Add(id, new BudgetReservation(request, chosen.Id, time));
        return TrancheReservation.Reserved(chosen.Id);
    }

    /// <summary>Drops an in-flight reservation (the disbursement will not be logged). False when there was none.</summary>
    public bool Release(string disbursementId)
    {
        if (!_reservations.Remove(disbursementId, out BudgetReservation? reservation))
        {
            return false;
        }

        Tranche tranche = _tranchesById[reservation.Tranche];
        tranche.ReservedUnits -= reservation.Request.Amount.MinorUnits;
        return true;
    }

    /// <summary>
    /// Applies an entry that is in the log. Idempotent by entry id: applying the same entry again changes nothing.
    /// Applying a Disbursed entry commits its reservation (reserved becomes disbursed); without a reservation (a rebuild)
    /// the amount is counted as disbursed directly. A Reversed entry gives its amount back to the tranche (available again);
    /// a Delivered entry counts in <see cref="DeliveredTotal"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The entry is not a budget entry, or names another budget.</exception>
    /// <exception cref="InvalidOperationException">
    /// The entry cannot be applied to this state at all (budget not open or opened twice, unknown tranche, benchmark,
    /// exemption or disbursement, or another currency). Entries this budget decided always apply; <see cref="Check"/>
    /// tells of the rest before.
    /// </exception>
    public void Apply(LedgerEntry entry) => ApplyAt(entry, leafIndex: null);

    /// <summary>
    /// <see cref="Apply(LedgerEntry)"/> of an entry that is in the log at <paramref name="leafIndex"/>: a log-backed budget
    /// (<see cref="LogBacked"/>) knows by the leaf, exactly, whether it has applied a Disbursed entry it no longer holds.
    /// </summary>
    public void Apply(LedgerEntry entry, ulong leafIndex) => ApplyAt(entry, leafIndex);

    private void ApplyAt(LedgerEntry entry, ulong? leafIndex)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (BudgetOf(entry) is not { } budget || budget != BudgetId)
        {
            throw new ArgumentException($"The {entry.Kind} entry '{entry.Id}' is not an entry of the budget '{BudgetId}'.", nameof(entry));
        }

        if (_entries.ContainsKey(entry.Id) || IsAppliedDisbursement(entry, leafIndex))
        {
            return;
        }

        if (entry is not BudgetOpened)
        {
            _ = OpenTerms;
            if (MoneyOf(entry) is { } money && money.Currency != Currency)
            {
                throw NotApplicable(entry, $"its amount is in {money.Currency.Code}, the budget in {Currency.Code}");
            }
        }

        switch (entry)
        {
            case BudgetOpened opened:
                Terms = Terms is null ? opened : throw NotApplicable(entry, "the budget is already open");
                break;
            case FundsReceived received:
                _receivedUnits = checked(_receivedUnits + received.Amount.MinorUnits);
                break;
            case TrancheAdded added:
                Tranche tranche = new(added);
                if (!_tranchesById.TryAdd(added.Tranche, tranche))
                {
                    throw NotApplicable(entry, $"the tranche '{added.Tranche}' already exists");
                }

                _tranches.Add(tranche);
                break;
            case BenchmarkVerified verified:
                BenchmarkToApply(entry, verified.Tranche, verified.Benchmark);
                TrancheToApply(entry, verified.Tranche).RecordVerification(verified, _verifierGroups.GetValueOrDefault(verified.Verifier));
                break;
            case BenchmarkDefined defined:
                Benchmark toDefine = BenchmarkToApply(entry, defined.Tranche, defined.Benchmark);
                toDefine.Define(toDefine.IsDefined ? throw NotApplicable(entry, "the benchmark is already defined") : defined);
                break;
            case VerifierRegistered registered:
                if (!_verifierGroups.TryAdd(registered.Verifier, registered.Group))
                {
                    throw NotApplicable(entry, $"the verifier '{registered.Verifier}' is already registered");
                }

                break;
            case BenchmarkDecided decided:
                BenchmarkToApply(entry, decided.Tranche, decided.Benchmark).Decide(decided);
                break;
            case ReviewOpened opened:
                ApplyReviewOpened(opened);
                break;
            case ReviewClosed closed:
                ApplyReviewClosed(closed);
                RecordReviewForLadder(closed);
                break;
            case ConsequenceApplied applied:
                ApplyConsequenceApplied(applied);
                break;
            case ConsequenceLifted lifted:
                ApplyConsequenceLifted(lifted);
                break;
            case TrancheReleased released:
                TrancheToApply(entry, released.Tranche).RecordRelease(released);
                break;
            case ProgramEligible eligible:
                _eligibleAgencies.TryAdd(eligible.Program, eligible.Agency);
                break;
            case Disbursed disbursed:
                ApplyDisbursed(disbursed, leafIndex);
                return;
            case Reversed reversed:
                ApplyReversed(reversed);
                break;
            case Delivered delivered:
                if (!HasDisbursement(delivered.Disbursement) || !_delivered.Add(delivered.Disbursement))
                {
                    throw NotApplicable(entry, $"the disbursement '{delivered.Disbursement}' is not recorded or already delivered");
                }

                _deliveredUnits = checked(_deliveredUnits + delivered.Amount.MinorUnits);
                break;
            case BudgetFrozen frozen:
                Freeze = frozen;
                break;
            case BudgetUnfrozen:
                Freeze = null;
                break;
            case ExemptionGranted granted:
                _exemptions.Add(FindExemption(granted.Exemption) is null ? new Exemption(granted) : throw NotApplicable(entry, "the exemption already exists"));
                break;
            case ExemptionRenewed renewed:
                ExemptionToApply(entry, renewed.Exemption).Renew(renewed.Sunset);
                break;
            case ExemptionExpired expired:
                ExemptionToApply(entry, expired.Exemption).RecordExpired();
                break;
            case VettingRequired or VetterRegistered or PaymentListSubmitted or PaymentListVetted or PaymentListExpired:
                ApplyVetting(entry);
                break;
        }

        _entries.Add(entry.Id, entry);
    }

    /// <summary>
    /// Checks a budget entry against the rules and the current state, as the auditor's replay does for each recorded
    /// entry: null when it is allowed, else the rule it breaks. For a Disbursed entry the freeze counts only if the
    /// budget was frozen before the entry's time (a reservation taken before the freeze may land after it in the log).
    /// Ownership by an acting key is checked by the <c>Decide…</c> methods; the only owner check the log itself allows
    /// is TrancheReleased's <c>releasedBy</c>.
    /// </summary>
    public DomainRejection? Check(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry is BudgetOpened opened)
        {
            return IsOpen ? Rejection(RejectionCode.BudgetExists, $"the budget '{BudgetId}' is already open")
                : opened.Budget != BudgetId ? Rejection(RejectionCode.UnknownBudget, $"the entry opens '{opened.Budget}', not '{BudgetId}'")
                : Positive(opened.Pledged, "the pledge");
        }

        if (!IsOpen || BudgetOf(entry) != BudgetId)
        {
            return Rejection(RejectionCode.UnknownBudget, $"the budget '{BudgetOf(entry) ?? BudgetId}' is not open");
        }

        if (_entries.ContainsKey(entry.Id) || HasDisbursement(entry.Id))
        {
            return DuplicateOf(entry.Id);
        }

        if (MoneyOf(entry) is { } money && money.Currency != Currency)
        {
            return Rejection(RejectionCode.CurrencyMismatch, $"the amount is in {money.Currency.Code}; the budget '{BudgetId}' is in {Currency.Code}");
        }

        return entry switch
        {
            FundsReceived received => Positive(received.Amount, "the amount received"),
            TrancheAdded added => CheckTrancheAdded(added),
            BenchmarkVerified verified => CheckBenchmarkVerified(verified),
            BenchmarkDefined defined => CheckBenchmarkDefined(defined),
            VerifierRegistered registered => CheckVerifierRegistered(registered),
            BenchmarkDecided decided => CheckBenchmarkDecided(decided),
            ReviewOpened reviewOpened => CheckReviewOpened(reviewOpened),
            ReviewClosed closed => CheckReviewClosed(closed),
            ConsequenceApplied applied => CheckConsequenceApplied(applied),
            ConsequenceLifted lifted => CheckConsequenceLifted(lifted),
            TrancheReleased released => CheckTrancheReleased(released),
            ProgramEligible eligible => _eligibleAgencies.ContainsKey(eligible.Program)
                ? Rejection(RejectionCode.AlreadyEligible, $"the program '{eligible.Program}' is already eligible")
                : null,
            Disbursed disbursed => CheckDisbursed(disbursed),
            Reversed reversed => CheckReversed(reversed),
            Delivered delivered => CheckDelivered(delivered),
            BudgetFrozen => IsFrozen ? Rejection(RejectionCode.AlreadyFrozen, $"the budget '{BudgetId}' is already frozen") : null,
            BudgetUnfrozen => IsFrozen ? null : Rejection(RejectionCode.NotFrozen, $"the budget '{BudgetId}' is not frozen"),
            ExemptionGranted granted => CheckExemptionGranted(granted),
            ExemptionRenewed renewed => CheckExemptionRenewed(renewed),
            ExemptionExpired expired => CheckExemptionExpired(expired),
            VettingRequired or VetterRegistered or PaymentListSubmitted or PaymentListVetted or PaymentListExpired => CheckVetting(entry),
            _ => throw new ArgumentException($"A {entry.Kind} entry is not a budget entry.", nameof(entry)),
        };
    }

    /// <summary>
    /// <see cref="Check(LedgerEntry)"/>, then what only the program's own entries tell (the whole-log replay knows them):
    /// a listing must name an open program (<paramref name="program"/> not null) in the budget's currency and pin the
    /// agency that runs it; a payment must come from a program whose agency is the one its listing pinned.
    /// </summary>
    public DomainRejection? Check(LedgerEntry entry, ListedProgram? program)
    {
        if (Check(entry) is { } refused)
        {
            return refused;
        }

        return entry switch
        {
            ProgramEligible eligible => CheckListing(eligible, program),
            // A payment of a program that is not open is the program's own violation (unknown-program), reported once.
            Disbursed disbursed => program is null ? null : CheckRingFence(disbursed.Program, program.Agency),
            _ => null,
        };
    }

    /// <summary>The budget an entry belongs to, or null when it is not a budget entry.</summary>
    internal static string? BudgetOf(LedgerEntry entry) => entry switch
    {
        BudgetOpened e => e.Budget,
        FundsReceived e => e.Budget,
        TrancheAdded e => e.Budget,
        BenchmarkVerified e => e.Budget,
        BenchmarkDefined e => e.Budget,
        VerifierRegistered e => e.Budget,
        BenchmarkDecided e => e.Budget,
        ReviewOpened e => e.Budget,
        ReviewClosed e => e.Budget,
        ConsequenceApplied e => e.Budget,
        ConsequenceLifted e => e.Budget,
        TrancheReleased e => e.Budget,
        ProgramEligible e => e.Budget,
        Disbursed e => e.Budget,
        Reversed e => e.Budget,
        Delivered e => e.Budget,
        BudgetFrozen e => e.Budget,
        BudgetUnfrozen e => e.Budget,
        ExemptionGranted e => e.Budget,
        ExemptionRenewed e => e.Budget,
        ExemptionExpired e => e.Budget,
        VettingRequired e => e.Budget,
        VetterRegistered e => e.Budget,
        PaymentListSubmitted e => e.Budget,
        PaymentListVetted e => e.Budget,
        PaymentListExpired e => e.Budget,
        _ => null,
    };

    private static Money? MoneyOf(LedgerEntry entry) => entry switch
    {
        FundsReceived e => e.Amount,
        TrancheAdded e => e.Amount,
        TrancheReleased e => e.Amount,
        Disbursed e => e.Amount,
        Reversed e => e.Amount,
        Delivered e => e.Amount,
        ExemptionGranted e => e.MaxAmount,
        VettingRequired e => e.Threshold,
        PaymentListSubmitted e => e.Total,
        _ => null,
    };

    /// <summary>The shared template (<see cref="IdempotentDecision"/>); a new entry by a key that does not own the open budget is refused.</summary>
    private Decision<TEntry> Decide<TEntry>(Func<TEntry> build, string? actingKey = null)
        where TEntry : LedgerEntry =>
        IdempotentDecision.Decide(
            build,
            FindEntry,
            candidate => actingKey is not null && IsOpen && actingKey != Owner
                ? Rejection(RejectionCode.NotBudgetOwner, $"the key '{actingKey}' does not own the budget '{BudgetId}'")
                : Check(candidate));

    private DomainRejection? CheckTrancheAdded(TrancheAdded added) =>
        _tranchesById.ContainsKey(added.Tranche)
            ? Rejection(RejectionCode.TrancheExists, $"the budget '{BudgetId}' already has a tranche '{added.Tranche}'")
            : Positive(added.Amount, "the tranche amount");

    private DomainRejection? CheckBenchmarkVerified(BenchmarkVerified verified)
    {
        // The benchmark first: a verification counted despite its date must name a benchmark it can apply to.
        if (FindBenchmark(verified.Tranche, verified.Benchmark, out Benchmark? benchmark) is { } unknown)
        {
            return unknown;
        }

        // The entry's own time is "today": a verification dated later has not happened yet and must not release a tranche.
        DateOnly latest = DateOnly.FromDateTime(verified.Time.UtcDateTime).AddDays(VerificationDaysAhead);
        if (verified.VerifiedOn > latest)
        {
            return Rejection(
                RejectionCode.VerificationInFuture,
                $"the verification is dated {verified.VerifiedOn:yyyy-MM-dd}; a verification may be dated at most {VerificationDaysAhead} day after the day it is recorded (UTC), here {latest:yyyy-MM-dd}");
        }

        if (verified.Verifier == Owner)
        {
            return Rejection(RejectionCode.VerifierNotIndependent, $"the verifier '{verified.Verifier}' owns the budget, so the verification is not independent");
        }

        if (!benchmark!.IsDefined)
        {
            // A bare benchmark: one verification by any independent verifier, as before issue 15.
            return benchmark.Verifications.Count > 0
                ? Rejection(RejectionCode.AlreadyVerified, $"the benchmark '{verified.Benchmark}' already has a recorded verification")
                : null;
        }

        if (!_verifierGroups.ContainsKey(verified.Verifier))
        {
            return Rejection(RejectionCode.VerifierNotRegistered, $"'{verified.Verifier}' is not a verifier registered with the budget '{BudgetId}'");
        }

        return verified.Value is null
            ? Rejection(RejectionCode.ValueRequired, $"a verification of the defined benchmark '{verified.Benchmark}' must record the measured value ({benchmark.Definition!.Unit})")
            : null;
    }

    private DomainRejection? CheckBenchmarkDefined(BenchmarkDefined defined)
    {
        if (FindBenchmark(defined.Tranche, defined.Benchmark, out Benchmark? benchmark) is { } unknown)
        {
            return unknown;
        }

        if (benchmark!.IsDefined || benchmark.Verifications.Count > 0)
        {
            return Rejection(RejectionCode.AlreadyDefined, $"the benchmark '{defined.Benchmark}' is already defined or already verified");
        }

        if (FindTranche(defined.Tranche)!.IsReleased)
        {
            return Rejection(RejectionCode.TrancheAlreadyReleased, $"the tranche '{defined.Tranche}' is already released");
        }

        DateOnly today = DateOnly.FromDateTime(defined.Time.UtcDateTime);
        return defined.DueOn < today
            ? Rejection(RejectionCode.InvalidDueDate, $"the due date {defined.DueOn:yyyy-MM-dd} is before the day the benchmark is defined ({today:yyyy-MM-dd})")
            : null;
    }

    private DomainRejection? CheckVerifierRegistered(VerifierRegistered registered)
    {
        if (registered.Verifier == Owner)
        {
            return Rejection(RejectionCode.VerifierNotIndependent, $"the verifier '{registered.Verifier}' owns the budget, so it cannot verify it independently");
        }

        return _verifierGroups.TryGetValue(registered.Verifier, out string? group)
            ? Rejection(RejectionCode.AlreadyRegistered, $"the verifier '{registered.Verifier}' is already registered with the budget '{BudgetId}' in the group '{group}'")
            : null;
    }

    private DomainRejection? CheckBenchmarkDecided(BenchmarkDecided decided)
    {
        if (FindBenchmark(decided.Tranche, decided.Benchmark, out Benchmark? benchmark) is { } unknown)
        {
            return unknown;
        }

        if (decided.DecidedBy != Owner)
        {
            return Rejection(RejectionCode.DecisionNotByOwner, $"the key '{decided.DecidedBy}' does not own the budget '{BudgetId}', so its decision does not count");
        }

        return benchmark!.Status == BenchmarkStatus.Contested
            ? null
            : Rejection(RejectionCode.BenchmarkNotContested, $"the benchmark '{decided.Benchmark}' is {BenchmarkStatusNames.NameOf(benchmark.Status)}, not contested: only a dispute is decided by the owner");
    }

    private DomainRejection? FindBenchmark(string trancheId, string benchmarkId, out Benchmark? benchmark)
    {
        benchmark = null;
        if (FindTranche(trancheId) is not { } tranche)
        {
            return UnknownTranche(trancheId);
        }

        return tranche.BenchmarkStates.TryGetValue(benchmarkId, out benchmark)
            ? null
            : Rejection(RejectionCode.UnknownBenchmark, $"'{benchmarkId}' is not a benchmark of the tranche '{tranche.Id}'");
    }

    private Benchmark BenchmarkToApply(LedgerEntry entry, string trancheId, string benchmarkId) =>
        TrancheToApply(entry, trancheId).BenchmarkStates.GetValueOrDefault(benchmarkId) as Benchmark
        ?? throw NotApplicable(entry, $"the tranche '{trancheId}' has no benchmark '{benchmarkId}'");

    private DomainRejection? CheckTrancheReleased(TrancheReleased released)
    {
        if (FindTranche(released.Tranche) is not { } tranche)
        {
            return UnknownTranche(released.Tranche);
        }

        if (tranche.IsReleased)
        {
            return Rejection(RejectionCode.TrancheAlreadyReleased, $"the tranche '{tranche.Id}' is already released");
        }

        if (released.ReleasedBy != Owner)
        {
            return Rejection(RejectionCode.NotBudgetOwner, $"the key '{released.ReleasedBy}' does not own the budget '{BudgetId}'");
        }

        if (CheckNotHeld(tranche) is { } held)
        {
            return held;
        }

        Benchmark[] notMet = [.. tranche.BenchmarkStates.Values.Where(b => b.Status != BenchmarkStatus.Met).OrderBy(b => b.Name, StringComparer.Ordinal)];
        if (notMet.FirstOrDefault(b => b.Status == BenchmarkStatus.Contested) is { } contested)
        {
            return Rejection(RejectionCode.BenchmarkContested, $"the benchmark '{contested.Name}' of the tranche '{tranche.Id}' is contested: its verifiers disagree; a further verification or the owner's decision settles it");
        }

        if (notMet.FirstOrDefault(b => b.Status == BenchmarkStatus.NotMet) is { } missed)
        {
            return Rejection(RejectionCode.BenchmarkNotMet, $"the benchmark '{missed.Name}' of the tranche '{tranche.Id}' is not met");
        }

        if (notMet.Length > 0)
        {
            return Rejection(RejectionCode.BenchmarkNotVerified, $"the tranche '{tranche.Id}' has benchmarks without the verifications they require: {string.Join(", ", notMet.Select(b => b.Name))}");
        }

        if (released.Verifications != tranche.Benchmarks)
        {
            return Rejection(RejectionCode.BenchmarkNotVerified, $"a release must rely on exactly the tranche's benchmarks {tranche.Benchmarks}, not {released.Verifications}");
        }

        if (Positive(released.Amount, "the amount released") is { } notPositive)
        {
            return notPositive;
        }

        if (released.Amount.MinorUnits > tranche.Amount.MinorUnits)
        {
            return Rejection(RejectionCode.InvalidAmount, $"{released.Amount} is more than the tranche's {tranche.Amount}");
        }

        long unreleased = checked(_receivedUnits - Released.MinorUnits);
        return released.Amount.MinorUnits > unreleased
            ? Rejection(RejectionCode.InsufficientReceivedFunds, $"{released.Amount} is more than received and not yet released ({new Money(Currency, unreleased)})")
            : null;
    }

    private DomainRejection? CheckDisbursed(Disbursed disbursed)
    {
        if (CheckDisbursementAmount(disbursed.Budget, disbursed.Amount) is { } refused)
        {
            return refused;
        }

        // The tranche first: every later code leaves an entry that replay can still count.
        if (FindTranche(disbursed.Tranche) is not { } tranche)
        {
            return UnknownTranche(disbursed.Tranche);
        }

        if (CheckRingFence(disbursed.Program) is { } outsideRingFence)
        {
            return outsideRingFence;
        }

        // A reservation taken before the freeze may reach the log after the BudgetFrozen entry: what counts is
        // whether the budget was frozen when the disbursement was decided.
        bool frozenWhenDecided = Freeze is not null && disbursed.Time > Freeze.Time;
        return CheckTranche(tranche, disbursed.Sector, disbursed.Modality, disbursed.Amount, disbursed.Time, frozenWhenDecided, excludedReservation: disbursed.Id)
            ?? CheckVettedPayment(disbursed.Id, disbursed.Amount);
    }

    /// <summary>
    /// The budget's side of a reversal: a disbursement from this budget, the same program and tranche, an amount above
    /// zero and at most what is left of the payment (its amount minus earlier reversals).
    /// </summary>
    private DomainRejection? CheckReversed(Reversed reversed)
    {
        if (FindDisbursement(reversed.Disbursement) is not { } original)
        {
            return Rejection(RejectionCode.UnknownDisbursement, $"the budget '{BudgetId}' has no disbursement '{reversed.Disbursement}'");
        }

        if (reversed.Program != original.Program || reversed.Tranche != original.Tranche)
        {
            return Rejection(RejectionCode.ReversalMismatch, $"the reversal does not match the disbursement '{original.Id}' ({original.Program}, {original.Tranche})");
        }

        if (!reversed.Amount.IsPositive)
        {
            return Rejection(RejectionCode.InvalidAmount, $"a reversal must be above zero, not {reversed.Amount}");
        }

        long left = original.Amount.MinorUnits - _reversedUnits.GetValueOrDefault(reversed.Disbursement);
        if (left == 0)
        {
            return Rejection(RejectionCode.AlreadyReversed, $"the disbursement '{reversed.Disbursement}' is already reversed in full");
        }

        return reversed.Amount.MinorUnits <= left
            ? null
            : Rejection(RejectionCode.ReversalExceedsPaid, $"the reversal of {reversed.Amount} is more than the {new Money(Currency, left)} left of the disbursement '{original.Id}'");
    }

    /// <summary>The budget's side of a delivery: a disbursement from this budget and the same program, confirmed once.</summary>
    private DomainRejection? CheckDelivered(Delivered delivered)
    {
        if (FindDisbursement(delivered.Disbursement) is not { } original)
        {
            return Rejection(RejectionCode.UnknownDisbursement, $"the budget '{BudgetId}' has no disbursement '{delivered.Disbursement}'");
        }

        if (_delivered.Contains(delivered.Disbursement))
        {
            return Rejection(RejectionCode.AlreadyDelivered, $"the delivery of the disbursement '{delivered.Disbursement}' is already confirmed");
        }

        return delivered.Program == original.Program && delivered.Amount.IsPositive && delivered.Amount <= original.Amount
            ? null
            : Rejection(RejectionCode.DeliveryMismatch, $"the delivery does not match the disbursement '{original.Id}' ({original.Program}, {original.Amount})");
    }

    private DomainRejection? CheckExemptionGranted(ExemptionGranted granted)
    {
        if (FindExemption(granted.Exemption) is not null)
        {
            return Rejection(RejectionCode.ExemptionExists, $"the budget '{BudgetId}' already has an exemption '{granted.Exemption}'");
        }

        if (granted.Sectors.Count == 0 || granted.Modalities.Count == 0)
        {
            return Rejection(RejectionCode.InvalidRequest, "an exemption must name at least one sector and one modality");
        }

        return Positive(granted.MaxAmount, "the exemption's largest amount")
            ?? (granted.Sunset > granted.Time ? null : Rejection(RejectionCode.InvalidSunset, $"the sunset {granted.Sunset:O} is not after {granted.Time:O}"));
    }

    private DomainRejection? CheckExemptionRenewed(ExemptionRenewed renewed)
    {
        if (FindExemption(renewed.Exemption) is not { } exemption)
        {
            return UnknownExemption(renewed.Exemption);
        }

        return renewed.Sunset > renewed.Time && renewed.Sunset > exemption.Sunset
            ? null
            : Rejection(RejectionCode.InvalidSunset, $"the new sunset {renewed.Sunset:O} must be after {renewed.Time:O} and after the current sunset {exemption.Sunset:O}");
    }

    private DomainRejection? CheckExemptionExpired(ExemptionExpired expired)
    {
        if (FindExemption(expired.Exemption) is not { } exemption)
        {
            return UnknownExemption(expired.Exemption);
        }

        if (exemption.IsInForceAt(expired.Time))
        {
            return Rejection(RejectionCode.ExemptionInForce, $"the exemption '{exemption.Id}' is in force until {exemption.Sunset:O}");
        }

        return exemption.IsRecordedExpired
            ? Rejection(RejectionCode.AlreadyExpired, $"the exemption '{exemption.Id}' is already recorded as expired")
            : null;
    }

    /// <summary>The budget is open and named, the amount positive and in its currency (R1).</summary>
    private DomainRejection? CheckDisbursementAmount(string budget, Money amount)
    {
        if (!IsOpen || budget != BudgetId)
        {
            return Rejection(RejectionCode.UnknownBudget, $"the budget '{budget}' is not open");
        }

        if (amount.Currency != Currency)
        {
            return Rejection(RejectionCode.CurrencyMismatch, $"the amount is in {amount.Currency.Code}; the budget '{BudgetId}' is in {Currency.Code}");
        }

        return Positive(amount, "a disbursement");
    }

    /// <summary>R1: the budget lists the program as eligible.</summary>
    private DomainRejection? CheckRingFence(string program) =>
        _eligibleAgencies.ContainsKey(program)
            ? null
            : Rejection(RejectionCode.RingFence, $"the budget '{BudgetId}' does not list the program '{program}' as eligible");

    /// <summary>R1: the budget lists the program as eligible, pinned to the agency that runs it.</summary>
    private DomainRejection? CheckRingFence(string program, string agency)
    {
        if (!_eligibleAgencies.TryGetValue(program, out string? pinned))
        {
            return CheckRingFence(program);
        }

        return pinned == agency
            ? null
            : Rejection(RejectionCode.RingFence, $"the budget '{BudgetId}' lists the program '{program}' run by '{pinned}', not by '{agency}'");
    }

    /// <summary>R1 and DESIGN §5.8: a listing names an open program in the budget's currency and pins its agency.</summary>
    private DomainRejection? CheckListing(ProgramEligible eligible, ListedProgram? program)
    {
        if (program is null || program.Program != eligible.Program)
        {
            return Rejection(RejectionCode.UnknownProgram, $"the program '{eligible.Program}' is not open");
        }

        if (program.Currency != Currency)
        {
            return Rejection(RejectionCode.CurrencyMismatch, $"the program '{program.Program}' is in {program.Currency.Code}; the budget '{BudgetId}' is in {Currency.Code}");
        }

        return program.Agency == eligible.Agency
            ? null
            : Rejection(RejectionCode.RingFence, $"the listing pins the program '{program.Program}' to '{eligible.Agency}', but '{program.Agency}' runs it");
    }

    /// <summary>R2, R4 and R5 for one tranche.</summary>
    private DomainRejection? CheckTranche(Tranche tranche, string sector, string modality, Money amount, DateTimeOffset time, bool frozen, string excludedReservation)
    {
        if (CheckNotHeld(tranche) is { } held)
        {
            return held;
        }

        if (!tranche.IsReleased)
        {
            return Rejection(RejectionCode.TrancheNotReleased, $"the tranche '{tranche.Id}' is not released");
        }

        if (frozen && CheckFrozenTranche(tranche, sector, modality, amount, time) is { } refused)
        {
            return refused;
        }

        long own = _reservations.TryGetValue(excludedReservation, out BudgetReservation? mine) && mine.Tranche == tranche.Id
            ? mine.Request.Amount.MinorUnits
            : 0;
        long available = checked(tranche.AvailableUnits + own);
        return amount.MinorUnits <= available
            ? null
            : Rejection(RejectionCode.InsufficientReleasedFunds, $"the tranche '{tranche.Id}' has {new Money(Currency, available)} available, less than {amount}");
    }

    /// <summary>R4 and R5: while frozen, only humanitarian tranches, and only for payments an exemption in force covers.</summary>
    private DomainRejection? CheckFrozenTranche(Tranche tranche, string sector, string modality, Money amount, DateTimeOffset time)
    {
        if (!tranche.IsHumanitarian)
        {
            return Rejection(RejectionCode.Frozen, $"the budget '{BudgetId}' is frozen and the tranche '{tranche.Id}' is not humanitarian");
        }

        List<Exemption> covering = _exemptions.FindAll(e => e.Covers(sector, modality, amount));
        if (covering.Exists(e => e.IsInForceAt(time)))
        {
            return null;
        }

        return covering.Count > 0
            ? Rejection(RejectionCode.ExemptionExpired, $"the budget '{BudgetId}' is frozen and the exemptions covering this payment ({string.Join(", ", covering.Select(e => e.Id))}) are past their sunset")
            : Rejection(RejectionCode.Frozen, $"the budget '{BudgetId}' is frozen and no exemption covers sector {sector}, modality {modality}, {amount}");
    }

    private Tranche? ChooseTranche(DisbursementRequest request, DateTimeOffset time, out DomainRejection? refused)
    {
        List<DomainRejection> reasons = [];
        foreach (Tranche tranche in _tranches.Where(t => t.IsReleased))
        {
            DomainRejection? reason = CheckTranche(tranche, request.Sector, request.Modality, request.Amount, time, IsFrozen, request.DisbursementId);
            if (reason is null)
            {
                refused = null;
                return tranche;
            }

            reasons.Add(reason);
        }

        // The most telling reason: a tranche the payment may use lacks money; else an exemption that would cover it
        // has passed its sunset; else the first tranche's reason (frozen).
        refused = reasons.Count == 0
            ? Rejection(RejectionCode.InsufficientReleasedFunds, $"the budget '{BudgetId}' has no released tranche")
            : reasons.Exists(r => r.Code == RejectionCode.InsufficientReleasedFunds)
                ? Rejection(RejectionCode.InsufficientReleasedFunds, $"no usable tranche of the budget '{BudgetId}' has {request.Amount} available")
                : reasons.Find(r => r.Code == RejectionCode.ExemptionExpired) ?? reasons[0];
        return null;
    }

    private void ApplyDisbursed(Disbursed disbursed, ulong? leafIndex)
    {
        Tranche tranche = TrancheToApply(disbursed, disbursed.Tranche);
        if (_reservations.Remove(disbursed.Id, out BudgetReservation? reservation))
        {
            Tranche held = _tranchesById[reservation.Tranche];
            held.ReservedUnits -= reservation.Request.Amount.MinorUnits;
        }

        tranche.DisbursedUnits = checked(tranche.DisbursedUnits + disbursed.Amount.MinorUnits);
        if (_held is not null)
        {
            _held.Add(disbursed.Id, DisbursementFacts.Of(disbursed), leafIndex!.Value);
        }
        else if (_logged is null)
        {
            _disbursements.TryAdd(disbursed.Id, _facts.Of(disbursed));
        }
        RecordVettedPayment(disbursed, disbursed.Amount);
    }

    private void ApplyReversed(Reversed reversed)
    {
        if (!TryGetDisbursement(reversed.Disbursement, out DisbursementFacts original))
        {
            throw NotApplicable(reversed, $"the disbursement '{reversed.Disbursement}' is not recorded");
        }

        long reversedBefore = _reversedUnits.GetValueOrDefault(reversed.Disbursement);
        long reversedAfter = checked(reversedBefore + reversed.Amount.MinorUnits);
        if (!reversed.Amount.IsPositive || reversedAfter > original.AmountUnits)
        {
            throw NotApplicable(reversed, $"it would give back more than the {new Money(Currency, original.AmountUnits - reversedBefore)} left of the disbursement");
        }

        _reversedUnits[reversed.Disbursement] = reversedAfter;
        Tranche tranche = _tranchesById[original.Terms.Tranche];
        tranche.DisbursedUnits -= reversed.Amount.MinorUnits;
    }

    /// <summary>The facts of a committed disbursement of this budget: kept, or in a bounded replay read back from the log.</summary>
    private bool TryGetDisbursement(string disbursementId, out DisbursementFacts facts)
    {
        if (_held is not null)
        {
            return _held.TryGet(disbursementId, out facts);
        }

        if (_logged is null)
        {
            return _disbursements.TryGetValue(disbursementId, out facts);
        }

        facts = _logged.FindCounted(disbursementId, out _) is Disbursed { } entry && entry.Budget == BudgetId ? DisbursementFacts.Of(entry) : default;
        return facts.Terms is not null;
    }

    private bool HasDisbursement(string disbursementId) => TryGetDisbursement(disbursementId, out _);

    /// <summary>The committed Disbursed entry, rebuilt from its facts: equal to the one applied, same canonical bytes.</summary>
    private Disbursed EntryOf(string disbursementId, DisbursementFacts facts) =>
        facts.ToEntry(disbursementId, Currency);

    private Tranche TrancheToApply(LedgerEntry entry, string trancheId) =>
        FindTranche(trancheId) ?? throw NotApplicable(entry, $"the tranche '{trancheId}' does not exist");

    private Exemption ExemptionToApply(LedgerEntry entry, string exemptionId) =>
        FindExemption(exemptionId) ?? throw NotApplicable(entry, $"the exemption '{exemptionId}' does not exist");

    private Money Sum(Func<Tranche, long> units)
    {
        long total = 0;
        foreach (Tranche tranche in _tranches)
        {
            total = checked(total + units(tranche));
        }

        return new Money(Currency, total);
    }

    private DomainRejection? Positive(Money amount, string what) =>
        amount.IsPositive ? null : Rejection(RejectionCode.InvalidAmount, $"{what} must be above zero, not {amount}");

    private DomainRejection UnknownTranche(string trancheId) =>
        Rejection(RejectionCode.UnknownTranche, $"the budget '{BudgetId}' has no tranche '{trancheId}'");

    private DomainRejection UnknownExemption(string exemptionId) =>
        Rejection(RejectionCode.UnknownExemption, $"the budget '{BudgetId}' has no exemption '{exemptionId}'");

    private static DomainRejection DuplicateOf(string id) => IdempotentDecision.DuplicateOf(id);

    private static DomainRejection Rejection(string code, string message) => new(code, message);

    private InvalidOperationException NotApplicable(LedgerEntry entry, string why) =>
        new($"The {entry.Kind} entry '{entry.Id}' cannot be applied to the budget '{BudgetId}': {why}.");
}
