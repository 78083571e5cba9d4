using System.Buffers.Binary;
using System.Buffers.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Reporting.Building;

/// <summary>
/// Computes a <see cref="QuarterlyReport"/> in one streaming pass over the log: give it every leaf from 0 to the
/// checkpoint's size − 1, in order, with <see cref="Add(ulong, ReadOnlySpan{byte})"/>, then call <see cref="Build"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each entry is classified by its time (see <see cref="QuarterlyReport"/>): before the quarter it moves balances only,
/// within it flows and balances, at or after its end it is ignored. Nothing is kept per entry: memory grows with the
/// number of budgets, tranches, programs, findings and exemptions, plus, per program, 16 bytes for each distinct
/// beneficiary paid in the quarter, and one total (about 30 bytes) per disbursement reversed up to the end of the
/// quarter, so that partial reversals add up to at most what was paid. Nothing is kept per disbursement: a reversal or
/// a delivery finds the disbursement it names again (its sector, its amount) through an id index and reads it back —
/// in <c>oversight replay</c> the index of the replay run beside the builder, for the server's reports one of the
/// builder's own (16–32 bytes per entry of a budget or program), the entry from the batch in hand or the log. A builder
/// made with the public constructor, fed without a log, keeps every disbursement in memory instead.
/// </para>
/// <para>
/// The builder counts what the log records; it does not judge. An entry that breaks a rule but can be counted (an
/// overdraft, a payment while frozen, above a cap, outside the ring-fence) is counted. One that the rules' replay
/// (<c>LedgerReplay</c>) would not count either — a leaf that is not a valid entry, money for a budget, tranche or
/// program not opened before it, an amount in another currency than its budget's or program's or not above zero, a
/// second opening, release or benchmark verification, a reversal of a disbursement not in the log or already
/// reversed — is left out of every figure and listed as an <see cref="UncountedEntry"/>. One difference remains: an
/// entry id used twice is not noticed here (judging is <c>LedgerReplay</c>'s job, which <c>oversight replay</c> runs
/// beside it and which reports it), except that a reversal or delivery names, as in <c>LedgerReplay</c>, the first
/// entry of a budget or program with the disbursement's id.
/// </para>
/// </remarks>
public sealed partial class QuarterlyReportBuilder
{
    private const string NotPositive = "the amount is not above zero";
    private readonly DateTimeOffset _start;
    private readonly DateTimeOffset _end;
    private readonly Dictionary<string, BudgetState> _budgets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProgramState> _programs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FindingState> _findings = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Sector, Currency Currency), FlowCounter> _sectors = [];
    private readonly Dictionary<(string Country, Currency Currency), FlowCounter> _countries = [];
    private readonly Dictionary<(int Month, Currency Currency), FlowCounter> _months = [];
    private readonly EarlierEntries _earlier;
    private readonly Dictionary<ulong, long> _reversedUnitsByLeaf = [];
    private readonly Dictionary<(string Budget, string Program, int Month, ReportTransactionKind Kind), TransactionAggregate> _aggregates = [];
    private readonly List<ReportTransaction> _singleTransactions = [];
    private readonly List<SnapBackEvent> _snapBacks = [];
    private readonly ScreeningCounter _screening = new();
    private readonly List<ConsequenceEvent> _consequences = [];
    private readonly Dictionary<(string Budget, int Step), ConsequenceApplied> _appliedSteps = [];
    private readonly List<UncountedEntry> _uncounted = [];
    private ulong _before;
    private ulong _inQuarter;
    private ulong _after;
    private ulong _malformed;
    private ulong _uncountedTotal;
    private ulong? _firstInQuarter;
    private ulong? _lastInQuarter;
    private ReportAnchor? _anchor;

    /// <summary>A builder of the report for <paramref name="quarter"/>, computed at <paramref name="checkpoint"/>.</summary>
    /// <remarks>Fed without a log to read back from, it keeps every disbursement (see the class's remarks).</remarks>
    public QuarterlyReportBuilder(ReportQuarter quarter, ReportCheckpoint checkpoint)
        : this(quarter, checkpoint, new EarlierEntriesInMemory())
    {
    }

    /// <summary>A builder that finds earlier entries through <paramref name="earlier"/>.</summary>
    internal QuarterlyReportBuilder(ReportQuarter quarter, ReportCheckpoint checkpoint, EarlierEntries earlier)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(earlier);
        _earlier = earlier;
        Quarter = quarter;
        Checkpoint = checkpoint;
        _start = quarter.Start;
        _end = quarter.End;
    }

    /// <summary>The quarter reported on.</summary>
    public ReportQuarter Quarter { get; }

    /// <summary>The checkpoint the report is computed at.</summary>
    public ReportCheckpoint Checkpoint { get; }

    /// <summary>The number of leaves added so far: the index the next leaf must have.</summary>
    public ulong LeavesAdded { get; private set; }

    /// <summary>Adds the next leaf of the log.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafIndex"/> is not <see cref="LeavesAdded"/>, or beyond the checkpoint.</exception>
    public void Add(ulong leafIndex, ReadOnlySpan<byte> leaf)
    {
        CheckNext(leafIndex);
        if (LedgerEntryParser.TryParse(leaf, out LedgerEntry? entry, out string? error))
        {
            Count(leafIndex, entry, leaf);
        }
        else
        {
            _malformed++;
            Uncounted(leafIndex, null, null, "not a valid entry: " + error);
        }

        LeavesAdded++;
    }

    /// <summary>Adds the next leaf of the log that the caller has already parsed (for instance to replay it as well).</summary>
    /// <param name="leafIndex">The leaf's index: <see cref="LeavesAdded"/>.</param>
    /// <param name="leaf">The leaf's bytes, as stored (they are hashed for the transactions that cite them).</param>
    /// <param name="entry">The entry <c>LedgerEntryParser</c> read from <paramref name="leaf"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafIndex"/> is not <see cref="LeavesAdded"/>, or beyond the checkpoint.</exception>
    public void Add(ulong leafIndex, ReadOnlySpan<byte> leaf, LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CheckNext(leafIndex);
        Count(leafIndex, entry, leaf);
        LeavesAdded++;
    }

    /// <summary>Adds the next leaf of the log, which the caller found not to be a valid entry.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafIndex"/> is not <see cref="LeavesAdded"/>, or beyond the checkpoint.</exception>
    public void AddMalformed(ulong leafIndex, string error)
    {
        CheckNext(leafIndex);
        _malformed++;
        Uncounted(leafIndex, null, null, "not a valid entry: " + error);
        LeavesAdded++;
    }

    /// <summary>The report, once every leaf of the checkpoint's tree has been added.</summary>
    /// <exception cref="InvalidOperationException">Fewer leaves were added than the checkpoint's size.</exception>
    public QuarterlyReport Build()
    {
        if (LeavesAdded != Checkpoint.Size)
        {
            throw new InvalidOperationException($"{LeavesAdded} leaves were added, but the checkpoint's tree has {Checkpoint.Size}.");
        }

        List<BudgetState> budgets = [.. _budgets.Values.OrderBy(b => b.Terms.Budget, StringComparer.Ordinal)];
        return new QuarterlyReport(
            Quarter,
            Checkpoint,
            new ReportCoverage(LeavesAdded, _before, _inQuarter, _after, _firstInQuarter, _lastInQuarter, _malformed, _uncountedTotal),
            BuildTotals(budgets),
            [.. budgets.Select(BuildBudget)],
            [.. _programs.Values.OrderBy(p => p.Terms.Program, StringComparer.Ordinal).Select(p => BuildProgram(p, budgets))],
            [
                .. _sectors.OrderBy(s => s.Key.Sector, StringComparer.Ordinal).ThenBy(s => s.Key.Currency.Code, StringComparer.Ordinal)
                    .Select(s => new SectorReport(s.Key.Sector, s.Value.ToFlows())),
            ],
            [
                .. _countries.OrderBy(c => c.Key.Country, StringComparer.Ordinal).ThenBy(c => c.Key.Currency.Code, StringComparer.Ordinal)
                    .Select(c => new CountryReport(c.Key.Country, c.Value.ToFlows())),
            ],
            BuildMonths(),
            BuildFindings(),
            [.. _snapBacks],
            BuildExemptions(budgets),
            BuildTransactions(),
            [.. _uncounted],
            _anchor,
            _screening.Build(),
            [.. _consequences],
            BuildLicences());
    }

    private void CheckNext(ulong leafIndex)
    {
        if (leafIndex != LeavesAdded)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"leaves must be added in order: expected leaf {LeavesAdded}, got {leafIndex}");
        }

        if (leafIndex >= Checkpoint.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"leaf {leafIndex} is beyond the checkpoint's tree of {Checkpoint.Size}");
        }
    }

    private void Count(ulong leaf, LedgerEntry entry, ReadOnlySpan<byte> bytes)
    {
        CountEntry(leaf, entry, bytes);
        _earlier.Note(leaf, entry);
    }

    private void CountEntry(ulong leaf, LedgerEntry entry, ReadOnlySpan<byte> bytes)
    {
        // An anchor covers the checkpoint whatever the time it was recorded at: it is not a figure of the quarter.
        if (entry is CheckpointAnchored anchored)
        {
            NoteAnchor(anchored, leaf);
        }

        if (entry.Time >= _end)
        {
            _after++;
            return;
        }

        NoteLicenceFacts(entry);
        bool inQuarter = entry.Time >= _start;
        if (inQuarter)
        {
            _inQuarter++;
            _firstInQuarter ??= leaf;
            _lastInQuarter = leaf;
        }
        else
        {
            _before++;
        }

        string? notCounted = entry switch
        {
            BudgetOpened opened => CountBudgetOpened(opened, leaf),
            FundsReceived received => CountFundsReceived(received, leaf, inQuarter, bytes),
            TrancheAdded added => CountTrancheAdded(added, leaf),
            BenchmarkVerified verified => CountBenchmarkVerified(verified, leaf),
            BenchmarkDefined defined => Tranche(defined.Budget, defined.Tranche, null, out _, out TrancheState? definedTranche)
                ?? (definedTranche!.RecordDefinition(defined) ? null : $"the benchmark '{defined.Benchmark}' of tranche '{defined.Tranche}' cannot be defined (unknown, defined or verified before)"),
            BenchmarkDecided decided => Tranche(decided.Budget, decided.Tranche, null, out BudgetState? decidedOn, out TrancheState? decidedTranche)
                ?? (decided.DecidedBy == decidedOn!.Terms.Owner && decidedTranche!.RecordDecision(decided)
                    ? null
                    : $"the decision on benchmark '{decided.Benchmark}' is not its owner's or not on a contested benchmark"),
            VerifierRegistered registered => _budgets.TryGetValue(registered.Budget, out BudgetState? registeredOn)
                ? (registeredOn.Verifiers.TryAdd(registered.Verifier, registered.Group) ? null : $"the verifier '{registered.Verifier}' was registered before")
                : $"the budget '{registered.Budget}' is not open",
            TrancheReleased released => CountTrancheReleased(released, leaf, inQuarter, bytes),
            ProgramEligible eligible => CountProgramEligible(eligible),
            ProgramOpened opened => CountProgramOpened(opened, leaf),
            BeneficiaryEnrolled enrolled => WithProgram(enrolled.Program, program => program.Enrolled++),
            Disbursed disbursed => CountDisbursed(disbursed, leaf, inQuarter, bytes),
            Reversed reversed => CountReversed(reversed, leaf, inQuarter, bytes),
            Delivered delivered => CountDelivered(delivered, inQuarter),
            BudgetFrozen frozen => CountFreeze(frozen.Budget, SnapBackEventKind.Frozen, frozen.Finding, frozen.Reason, frozen.Time, leaf, inQuarter),
            BudgetUnfrozen unfrozen => CountFreeze(unfrozen.Budget, SnapBackEventKind.Unfrozen, null, unfrozen.Reason, unfrozen.Time, leaf, inQuarter),
            ConsequenceApplied applied => CountConsequenceApplied(applied, leaf, inQuarter),
            ConsequenceLifted lifted => CountConsequenceLifted(lifted, leaf, inQuarter),
            ExemptionGranted granted => CountExemptionGranted(granted, leaf),
            ExemptionRenewed renewed => WithExemption(renewed.Budget, renewed.Exemption, exemption => exemption.Renew(renewed.Sunset)),
            ExemptionExpired expired => WithExemption(expired.Budget, expired.Exemption, _ => { }),
            FindingRaised raised => _findings.TryAdd(raised.Finding, new FindingState(raised, leaf, inQuarter)) ? null : $"the finding '{raised.Finding}' was raised before",
            FindingDisputed disputed => CountFindingDisputed(disputed, leaf, inQuarter),
            FindingResolved resolved => CountFindingResolved(resolved, leaf, inQuarter),
            CounterpartyRegistered or CounterpartyScreened or ScreeningReview or SanctionsListLoaded => _screening.Count(entry, leaf, inQuarter),
            PaymentListSubmitted submitted => CountVetting(submitted.Budget, inQuarter, 0, 1),
            PaymentListVetted vetted => CountVetting(vetted.Budget, inQuarter, 1, 1, vetted.Approved.Count, vetted.Refused.Count),
            PaymentListExpired expired => CountVetting(expired.Budget, inQuarter, 4, 1),
            _ => null,
        };

        if (notCounted is not null)
        {
            Uncounted(leaf, entry.Id, entry.Kind, notCounted);
        }
    }

    /// <summary>Keeps the anchor of the largest checkpoint not above the report's (an entry naming a larger one cannot be honest, and is not named).</summary>
    private void NoteAnchor(CheckpointAnchored anchored, ulong leaf)
    {
        ulong size = (ulong)anchored.CheckpointSize;
        if (size > Checkpoint.Size || (_anchor is not null && size <= _anchor.CheckpointSize))
        {
            return;
        }

        _anchor = new ReportAnchor(
            size, MerkleHash.FromHex(anchored.CheckpointRoot), anchored.Network, anchored.TransactionId, anchored.BlockHash, anchored.BlockHeight,
            anchored.ProofSha256, leaf);
    }

    private string? CountBudgetOpened(BudgetOpened opened, ulong leaf) =>
        _budgets.TryAdd(opened.Budget, new BudgetState(opened, leaf)) ? null : $"the budget '{opened.Budget}' was opened before";

    /// <summary>As <c>LedgerReplay</c>: a listing counts only for a program open before it, in the budget's currency.</summary>
    private string? CountProgramEligible(ProgramEligible eligible)
    {
        if (!_programs.TryGetValue(eligible.Program, out ProgramState? program))
        {
            return $"the program '{eligible.Program}' is not open";
        }

        if (Budget(eligible.Budget, program.Terms.Currency, out BudgetState? budget) is { } problem)
        {
            return problem;
        }

        budget!.EligiblePrograms.Add(eligible.Program);
        return null;
    }

    private string? CountProgramOpened(ProgramOpened opened, ulong leaf) =>
        _programs.TryAdd(opened.Program, new ProgramState(opened, leaf)) ? null : $"the program '{opened.Program}' was opened before";

    private string? CountFundsReceived(FundsReceived received, ulong leaf, bool inQuarter, ReadOnlySpan<byte> bytes)
    {
        if (Budget(received.Budget, received.Amount.Currency, out BudgetState? budget) is { } problem)
        {
            return problem;
        }

        if (!received.Amount.IsPositive)
        {
            return NotPositive;
        }

        budget!.AtQuarterEnd.AddReceived(received.Amount.MinorUnits);
        if (inQuarter)
        {
            budget.InQuarter.AddReceived(received.Amount.MinorUnits);
            MerkleHash hash = Rfc6962.HashLeaf(bytes);
            _singleTransactions.Add(new ReportTransaction(
                received.Budget, ReportTransactionKind.IncomingFunds, null, null, null, DateOnly.FromDateTime(received.Time.UtcDateTime),
                received.Amount, 1, leaf, hash, leaf, hash, received.Reference));
        }

        return null;
    }

    private string? CountTrancheAdded(TrancheAdded added, ulong leaf)
    {
        if (Budget(added.Budget, added.Amount.Currency, out BudgetState? budget) is { } problem)
        {
            return problem;
        }

        if (!budget!.TranchesById.TryAdd(added.Tranche, new TrancheState(added, leaf)))
        {
            return $"the tranche '{added.Tranche}' of budget '{added.Budget}' was added before";
        }

        budget.Tranches.Add(budget.TranchesById[added.Tranche]);
        return null;
    }

    private string? CountBenchmarkVerified(BenchmarkVerified verified, ulong leaf)
    {
        if (Tranche(verified.Budget, verified.Tranche, null, out BudgetState? budget, out TrancheState? tranche) is { } problem)
        {
            return problem;
        }

        // As LedgerReplay: a defined benchmark counts only a registered verifier's verification that records a value.
        string? group = null;
        if (tranche!.IsDefined(verified.Benchmark) && (!budget!.Verifiers.TryGetValue(verified.Verifier, out group) || verified.Value is null))
        {
            return $"the verifier '{verified.Verifier}' is not registered with the budget '{verified.Budget}', or recorded no value";
        }

        return tranche.RecordVerification(verified, leaf, group) ? null : $"the benchmark '{verified.Benchmark}' of tranche '{verified.Tranche}' was verified before";
    }

    private string? CountTrancheReleased(TrancheReleased released, ulong leaf, bool inQuarter, ReadOnlySpan<byte> bytes)
    {
        if (Tranche(released.Budget, released.Tranche, released.Amount.Currency, out BudgetState? budget, out TrancheState? tranche) is { } problem)
        {
            return problem;
        }

        if (!released.Amount.IsPositive)
        {
            return NotPositive;
        }

        if (!tranche!.RecordRelease(released, leaf))
        {
            return $"the tranche '{released.Tranche}' of budget '{released.Budget}' was released before";
        }

        budget!.AtQuarterEnd.AddReleased(released.Amount.MinorUnits);
        if (inQuarter)
        {
            budget.InQuarter.AddReleased(released.Amount.MinorUnits);
            MerkleHash hash = Rfc6962.HashLeaf(bytes);
            _singleTransactions.Add(new ReportTransaction(
                released.Budget, ReportTransactionKind.Commitment, null, released.Tranche, null, DateOnly.FromDateTime(released.Time.UtcDateTime),
                released.Amount, 1, leaf, hash, leaf, hash, released.Id));
        }

        return null;
    }

    private string? CountDisbursed(Disbursed disbursed, ulong leaf, bool inQuarter, ReadOnlySpan<byte> bytes)
    {
        if (Flow(disbursed.Budget, disbursed.Tranche, disbursed.Program, disbursed.Amount.Currency, out BudgetState? budget, out TrancheState? tranche, out ProgramState? program) is { } problem)
        {
            return problem;
        }

        if (!disbursed.Amount.IsPositive)
        {
            return NotPositive;
        }

        long amount = disbursed.Amount.MinorUnits;
        budget!.AtQuarterEnd.Flows.AddDisbursement(amount);
        tranche!.NetDisbursedUnits = checked(tranche.NetDisbursedUnits + amount);
        if (!inQuarter)
        {
            return null;
        }

        CountUnderLicence(disbursed, budget);

        Currency currency = disbursed.Amount.Currency;
        budget.InQuarter.Flows.AddDisbursement(amount);
        program!.InQuarter.AddDisbursement(amount);
        ProgramBudget(program, disbursed.Budget, currency).AddDisbursement(amount);
        program.Reached.Add(PseudonymKey(disbursed.Beneficiary));
        Counter(_sectors, (disbursed.Sector, currency), currency).AddDisbursement(amount);
        Counter(_countries, (budget.Terms.Country, currency), currency).AddDisbursement(amount);
        int month = MonthOf(disbursed.Time);
        Counter(_months, (month, currency), currency).AddDisbursement(amount);
        Aggregate(disbursed.Budget, disbursed.Program, month, ReportTransactionKind.Disbursements)
            .Add(amount, leaf, Rfc6962.HashLeaf(bytes), DateOnly.FromDateTime(disbursed.Time.UtcDateTime));
        return null;
    }

    private string? CountReversed(Reversed reversed, ulong leaf, bool inQuarter, ReadOnlySpan<byte> bytes)
    {
        if (Flow(reversed.Budget, reversed.Tranche, reversed.Program, reversed.Amount.Currency, out BudgetState? budget, out TrancheState? tranche, out ProgramState? program) is { } problem)
        {
            return problem;
        }

        if (!reversed.Amount.IsPositive)
        {
            return NotPositive;
        }

        // Partial reversals add up to at most the amount paid.
        if (!TryFindPaid(reversed.Disbursement, out ulong paidLeaf, out int sectorCode, out long leftUnits))
        {
            return $"the disbursement '{reversed.Disbursement}' is not in the log before it, or is already reversed in full";
        }

        long amount = reversed.Amount.MinorUnits;
        if (amount > leftUnits)
        {
            return $"the reversal is more than the {reversed.Amount.Currency.Code} {leftUnits} minor units left of the disbursement '{reversed.Disbursement}'";
        }

        _reversedUnitsByLeaf[paidLeaf] = checked(_reversedUnitsByLeaf.GetValueOrDefault(paidLeaf) + amount);
        budget!.AtQuarterEnd.Flows.AddReversal(amount);
        tranche!.NetDisbursedUnits = checked(tranche.NetDisbursedUnits - amount);
        if (!inQuarter)
        {
            return null;
        }

        Currency currency = reversed.Amount.Currency;
        budget.InQuarter.Flows.AddReversal(amount);
        program!.InQuarter.AddReversal(amount);
        ProgramBudget(program, reversed.Budget, currency).AddReversal(amount);

        string sector = sectorCode.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        Counter(_sectors, (sector, currency), currency).AddReversal(amount);
        Counter(_countries, (budget.Terms.Country, currency), currency).AddReversal(amount);
        int month = MonthOf(reversed.Time);
        Counter(_months, (month, currency), currency).AddReversal(amount);
        Aggregate(reversed.Budget, reversed.Program, month, ReportTransactionKind.Reversals)
            .Add(amount, leaf, Rfc6962.HashLeaf(bytes), DateOnly.FromDateTime(reversed.Time.UtcDateTime));
        return null;
    }

    /// <summary>
    /// A delivery confirmation: counted where its disbursement is (budget, program, sector, country) and in the month it
    /// was recorded, beside what was paid, so a report shows paid against delivered.
    /// </summary>
    private string? CountDelivered(Delivered delivered, bool inQuarter)
    {
        if (!_budgets.TryGetValue(delivered.Budget, out BudgetState? budget) || budget.Terms.Currency != delivered.Amount.Currency)
        {
            return $"the budget '{delivered.Budget}' is not open in {delivered.Amount.Currency.Code}";
        }

        if (!_programs.TryGetValue(delivered.Program, out ProgramState? program) || program.Terms.Currency != delivered.Amount.Currency)
        {
            return $"the program '{delivered.Program}' is not open in {delivered.Amount.Currency.Code}";
        }

        if (!delivered.Amount.IsPositive)
        {
            return NotPositive;
        }

        if (!TryFindPaid(delivered.Disbursement, out _, out int sectorCode, out long leftUnits) || delivered.Amount.MinorUnits > leftUnits)
        {
            return $"the disbursement '{delivered.Disbursement}' is not in the log before it, is reversed in full, or is less than the delivery";
        }

        long amount = delivered.Amount.MinorUnits;
        budget.AtQuarterEnd.Flows.AddDelivery(amount);
        if (!inQuarter)
        {
            return null;
        }

        Currency currency = delivered.Amount.Currency;
        budget.InQuarter.Flows.AddDelivery(amount);
        program.InQuarter.AddDelivery(amount);
        ProgramBudget(program, delivered.Budget, currency).AddDelivery(amount);
        string sector = sectorCode.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        Counter(_sectors, (sector, currency), currency).AddDelivery(amount);
        Counter(_countries, (budget.Terms.Country, currency), currency).AddDelivery(amount);
        Counter(_months, (MonthOf(delivered.Time), currency), currency).AddDelivery(amount);
        return null;
    }

    private string? CountFreeze(string budgetId, SnapBackEventKind kind, string? finding, string reason, DateTimeOffset time, ulong leaf, bool inQuarter) =>
        WithBudget(budgetId, budget =>
        {
            budget.Frozen = kind == SnapBackEventKind.Frozen;
            if (inQuarter)
            {
                _snapBacks.Add(new SnapBackEvent(leaf, time, budgetId, kind, finding, reason));
            }
        });

    private string? CountConsequenceApplied(ConsequenceApplied applied, ulong leaf, bool inQuarter) =>
        WithBudget(applied.Budget, _ => { })
        ?? (!_appliedSteps.TryAdd((applied.Budget, applied.Step), applied)
            ? $"step {applied.Step} of budget '{applied.Budget}' was applied before"
            : Note(inQuarter, new ConsequenceEvent(
                leaf, applied.Time, applied.Budget, ConsequenceEvent.Applied, applied.Step, ConsequenceActions.NameOf(applied.Action), applied.Tranches, applied.Review, null)));

    private string? CountConsequenceLifted(ConsequenceLifted lifted, ulong leaf, bool inQuarter) =>
        WithBudget(lifted.Budget, _ => { })
        ?? (!_appliedSteps.TryGetValue((lifted.Budget, lifted.Step), out ConsequenceApplied? applied)
            ? $"step {lifted.Step} of budget '{lifted.Budget}' was never applied"
            : Note(inQuarter, new ConsequenceEvent(
                leaf, lifted.Time, lifted.Budget, ConsequenceEvent.Lifted, lifted.Step, ConsequenceActions.NameOf(applied.Action), applied.Tranches, lifted.Review, lifted.Reason)));

    private string? Note(bool inQuarter, ConsequenceEvent consequence)
    {
        if (inQuarter)
        {
            _consequences.Add(consequence);
        }

        return null;
    }

    private string? CountExemptionGranted(ExemptionGranted granted, ulong leaf) =>
        WithBudget(granted.Budget, _ => { }) ?? (_budgets[granted.Budget].Exemptions.TryAdd(granted.Exemption, new ExemptionState(granted, leaf))
            ? null
            : $"the exemption '{granted.Exemption}' of budget '{granted.Budget}' was granted before");

    private string? CountFindingDisputed(FindingDisputed disputed, ulong leaf, bool inQuarter)
    {
        if (!_findings.TryGetValue(disputed.Finding, out FindingState? finding))
        {
            return $"the finding '{disputed.Finding}' was not raised before";
        }

        finding.Dispute = disputed;
        finding.DisputeLeaf = leaf;
        finding.DisputedInQuarter |= inQuarter;
        if (!finding.IsResolved)
        {
            finding.Status = FindingStatus.Disputed;
        }

        return null;
    }

    private string? CountFindingResolved(FindingResolved resolved, ulong leaf, bool inQuarter)
    {
        if (!_findings.TryGetValue(resolved.Finding, out FindingState? finding))
        {
            return $"the finding '{resolved.Finding}' was not raised before";
        }

        if (finding.IsResolved)
        {
            return $"the finding '{resolved.Finding}' was resolved before";
        }

        finding.Resolution = resolved;
        finding.ResolutionLeaf = leaf;
        finding.ResolvedInQuarter = inQuarter;
        finding.Status = resolved.Outcome == FindingOutcome.Confirmed ? FindingStatus.Confirmed : FindingStatus.Dismissed;
        return null;
    }

    private string? Budget(string budgetId, Currency currency, out BudgetState? budget)
    {
        if (!_budgets.TryGetValue(budgetId, out budget))
        {
            return $"the budget '{budgetId}' is not open";
        }

        return budget.Currency == currency ? null : $"the amount is in {currency.Code}, the budget '{budgetId}' in {budget.Currency.Code}";
    }

    private string? Tranche(string budgetId, string trancheId, Currency? currency, out BudgetState? budget, out TrancheState? tranche)
    {
        tranche = null;
        string? problem = currency is null
            ? (_budgets.TryGetValue(budgetId, out budget) ? null : $"the budget '{budgetId}' is not open")
            : Budget(budgetId, currency, out budget);
        if (problem is not null)
        {
            return problem;
        }

        return budget!.TranchesById.TryGetValue(trancheId, out tranche) ? null : $"the budget '{budgetId}' has no tranche '{trancheId}'";
    }

    private string? Flow(
        string budgetId, string trancheId, string programId, Currency currency, out BudgetState? budget, out TrancheState? tranche, out ProgramState? program)
    {
        program = null;
        if (Tranche(budgetId, trancheId, currency, out budget, out tranche) is { } problem)
        {
            return problem;
        }

        if (!_programs.TryGetValue(programId, out program))
        {
            return $"the program '{programId}' is not open";
        }

        return program.Terms.Currency == currency ? null : $"the amount is in {currency.Code}, the program '{programId}' in {program.Terms.Currency.Code}";
    }

    private string? WithBudget(string budgetId, Action<BudgetState> action)
    {
        if (!_budgets.TryGetValue(budgetId, out BudgetState? budget))
        {
            return $"the budget '{budgetId}' is not open";
        }

        action(budget);
        return null;
    }

    private string? WithProgram(string programId, Action<ProgramState> action)
    {
        if (!_programs.TryGetValue(programId, out ProgramState? program))
        {
            return $"the program '{programId}' is not open";
        }

        action(program);
        return null;
    }

    private string? WithExemption(string budgetId, string exemptionId, Action<ExemptionState> action)
    {
        if (!_budgets.TryGetValue(budgetId, out BudgetState? budget))
        {
            return $"the budget '{budgetId}' is not open";
        }

        if (!budget.Exemptions.TryGetValue(exemptionId, out ExemptionState? exemption))
        {
            return $"the budget '{budgetId}' has no exemption '{exemptionId}'";
        }

        action(exemption);
        return null;
    }

    private void Uncounted(ulong leaf, string? entryId, string? kind, string reason)
    {
        _uncountedTotal++;
        if (_uncounted.Count < QuarterlyReport.MaxUncountedListed)
        {
            _uncounted.Add(new UncountedEntry(leaf, entryId, kind, reason));
        }
    }

    private static FlowCounter Counter<TKey>(Dictionary<TKey, FlowCounter> counters, TKey key, Currency currency)
        where TKey : notnull
    {
        if (!counters.TryGetValue(key, out FlowCounter? counter))
        {
            counter = new FlowCounter(currency);
            counters.Add(key, counter);
        }

        return counter;
    }

    private static FlowCounter ProgramBudget(ProgramState program, string budgetId, Currency currency) => Counter(program.ByBudget, budgetId, currency);

    private TransactionAggregate Aggregate(string budget, string program, int month, ReportTransactionKind kind)
    {
        var key = (budget, program, month, kind);
        if (!_aggregates.TryGetValue(key, out TransactionAggregate? aggregate))
        {
            aggregate = new TransactionAggregate();
            _aggregates.Add(key, aggregate);
        }

        return aggregate;
    }

    /// <summary>The month of the quarter, 0 to 2.</summary>
    private int MonthOf(DateTimeOffset time) => ((time.Year - _start.Year) * 12) + time.Month - _start.Month;

    /// <summary>
    /// The disbursement <paramref name="disbursementId"/> names, found again: the first indexed entry with the id, which
    /// must be a disbursement this builder counted, with something left of it after the reversals counted so far.
    /// </summary>
    private bool TryFindPaid(string disbursementId, out ulong leaf, out int sector, out long leftUnits)
    {
        sector = 0;
        leftUnits = 0;
        if (!_earlier.TryGetLeafOfId(disbursementId, out leaf) || _earlier.EntryAt(leaf) is not Disbursed paid || paid.Id != disbursementId
            || !WasCounted(paid, leaf))
        {
            return false;
        }

        sector = int.Parse(paid.Sector, System.Globalization.CultureInfo.InvariantCulture);
        leftUnits = paid.Amount.MinorUnits - _reversedUnitsByLeaf.GetValueOrDefault(leaf);
        return leftUnits > 0;
    }

    /// <summary>
    /// Whether <see cref="CountDisbursed"/> counted <paramref name="disbursed"/> at <paramref name="leaf"/>: what it checks,
    /// judged as it stood then (budgets, tranches and programs are never removed, so "then" is "opened before the leaf").
    /// </summary>
    private bool WasCounted(Disbursed disbursed, ulong leaf)
    {
        Currency currency = disbursed.Amount.Currency;
        return disbursed.Time < _end && disbursed.Amount.IsPositive
            && _budgets.TryGetValue(disbursed.Budget, out BudgetState? budget) && budget.OpenedLeaf < leaf && budget.Currency == currency
            && budget.TranchesById.TryGetValue(disbursed.Tranche, out TrancheState? tranche) && tranche.AddedLeaf < leaf
            && _programs.TryGetValue(disbursed.Program, out ProgramState? program) && program.OpenedLeaf < leaf && program.Terms.Currency == currency;
    }

    /// <summary>A pseudonym as the first 16 of its 32 HMAC bytes.</summary>
    private static UInt128 PseudonymKey(BeneficiaryPseudonym pseudonym)
    {
        Span<byte> mac = stackalloc byte[32];
        Base64Url.DecodeFromChars(pseudonym.Value.AsSpan(BeneficiaryPseudonym.Prefix.Length), mac);
        return BinaryPrimitives.ReadUInt128LittleEndian(mac);
    }

    private static IReadOnlyList<CurrencyTotals> BuildTotals(List<BudgetState> budgets) =>
    [
        .. budgets.GroupBy(b => b.Currency).OrderBy(g => g.Key.Code, StringComparer.Ordinal).Select(group =>
        {
            var inQuarter = new BudgetCounter(group.Key);
            var atEnd = new BudgetCounter(group.Key);
            long pledged = 0;
            foreach (BudgetState budget in group)
            {
                inQuarter.AddAll(budget.InQuarter);
                atEnd.AddAll(budget.AtQuarterEnd);
                pledged = checked(pledged + budget.Terms.Pledged.MinorUnits);
            }

            return new CurrencyTotals(group.Key, group.Count(), new Money(group.Key, pledged), inQuarter.ToFlows(), atEnd.ToBalances());
        }),
    ];

    private static BudgetReport BuildBudget(BudgetState budget)
    {
        BudgetOpened terms = budget.Terms;
        long[] v = budget.Vetting;
        PaymentListVettingCounts vetting = new(v[0], v[1], v[2], v[3], v[4]);
        return new BudgetReport(
            terms.Budget, terms.Donor, terms.Owner, terms.Purpose, terms.Country, terms.Currency, terms.Pledged, terms.SnapBackClasses, terms.Time,
            budget.OpenedLeaf, new NameSet(budget.EligiblePrograms), budget.Frozen, budget.InQuarter.ToFlows(), budget.AtQuarterEnd.ToBalances(),
            [.. budget.Tranches.Select(t => t.ToReport(terms.Currency))], vetting.IsEmpty ? null : vetting);
    }

    /// <summary>Counts a vetted payment list's step within the quarter (the budget's rules judged it when it was logged; replay re-checks them).</summary>
    private string? CountVetting(string budget, bool inQuarter, int counter, long count, long approved = 0, long refused = 0)
    {
        if (!_budgets.TryGetValue(budget, out BudgetState? state))
        {
            return $"the budget '{budget}' is not open";
        }

        if (inQuarter)
        {
            state.Vetting[counter] += count;
            state.Vetting[2] += approved;
            state.Vetting[3] += refused;
        }

        return null;
    }

    private static ProgramReport BuildProgram(ProgramState program, List<BudgetState> budgets)
    {
        ProgramOpened terms = program.Terms;
        return new ProgramReport(
            terms.Program, terms.Agency, terms.Currency, terms.CapPerPeriod, terms.Period, terms.Time, program.OpenedLeaf,
            new NameSet(budgets.Where(b => b.EligiblePrograms.Contains(terms.Program)).Select(b => b.Terms.Budget)),
            program.Enrolled, program.InQuarter.ToFlows(), program.Reached.Count,
            [
                .. program.ByBudget.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => new ProgramBudgetFlows(b.Key, b.Value.ToFlows())),
            ]);
    }

    private IReadOnlyList<MonthReport> BuildMonths()
    {
        IReadOnlyList<string> months = Quarter.Months;
        return
        [
            .. _months.Keys.Select(k => k.Currency).Distinct().OrderBy(c => c.Code, StringComparer.Ordinal).SelectMany(currency =>
                Enumerable.Range(0, 3).Select(month => new MonthReport(
                    months[month],
                    _months.TryGetValue((month, currency), out FlowCounter? counter) ? counter.ToFlows() : DisbursementFlows.Zero(currency)))),
        ];
    }

    private FindingsSection BuildFindings()
    {
        List<FindingState> findings = [.. _findings.Values.OrderBy(f => f.RaisedLeaf)];
        bool OpenAtEnd(FindingState f) => !f.IsResolved;
        return new FindingsSection(
            findings.Count(f => f.RaisedInQuarter),
            findings.Count(f => f.DisputedInQuarter),
            findings.Count(f => f.ResolvedInQuarter && f.Status == FindingStatus.Dismissed),
            findings.Count(f => f.ResolvedInQuarter && f.Status == FindingStatus.Confirmed),
            findings.Count(OpenAtEnd),
            [
                .. findings.Where(f => f.RaisedInQuarter || f.DisputedInQuarter || f.ResolvedInQuarter || OpenAtEnd(f)).Select(f => f.ToReport()),
            ]);
    }

    private IReadOnlyList<ExemptionReport> BuildExemptions(List<BudgetState> budgets)
    {
        DateTimeOffset warning = _end + QuarterlyReport.SunsetWarning;
        return
        [
            .. budgets.SelectMany(budget => budget.Exemptions.Values
                .Where(e => e.Sunset > _end)
                .OrderBy(e => e.Granted.Exemption, StringComparer.Ordinal)
                .Select(e => new ExemptionReport(
                    e.Granted.Budget, e.Granted.Exemption, e.Granted.Sectors, e.Granted.Modalities, e.Granted.MaxAmount, e.Granted.Time, e.GrantedLeaf,
                    e.Sunset, e.Renewals, e.Sunset <= warning))),
        ];
    }

    private IReadOnlyList<ReportTransaction> BuildTransactions()
    {
        IReadOnlyList<string> months = Quarter.Months;
        IEnumerable<ReportTransaction> aggregated = _aggregates.Select(pair =>
        {
            (string budget, string program, int month, ReportTransactionKind kind) = pair.Key;
            TransactionAggregate aggregate = pair.Value;
            Currency currency = _budgets[budget].Currency;
            long value = kind == ReportTransactionKind.Reversals ? checked(-aggregate.Value) : aggregate.Value;
            return new ReportTransaction(
                budget, kind, program, null, months[month], aggregate.LastDate, new Money(currency, value), aggregate.Count,
                aggregate.FirstLeaf, aggregate.FirstLeafHash, aggregate.LastLeaf, aggregate.LastLeafHash, null);
        });
        return
        [
            .. _singleTransactions.Concat(aggregated)
                .OrderBy(t => t.Budget, StringComparer.Ordinal)
                .ThenBy(t => t.FirstLeaf)
                .ThenBy(t => t.Kind),
        ];
    }
}
