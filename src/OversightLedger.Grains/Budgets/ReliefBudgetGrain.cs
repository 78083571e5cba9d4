using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;

namespace OversightLedger.Grains.Budgets;

/// <summary>
/// A ring-fenced budget. Its state is the domain's <see cref="ReliefBudget"/>, rebuilt from the budget's own
/// log entries on activation (the log is the commit point; nothing else is stored). Reservations are held in
/// memory while their disbursement is being logged: they interleave (the grain is reentrant, and each
/// reservation is decided without awaiting), while the budget's own commands run one at a time.
/// A timer reconciles reservations left behind by a caller that never came back.
/// </summary>
[Reentrant]
public sealed partial class ReliefBudgetGrain(LedgerLog log, TimeProvider time, ILogger<ReliefBudgetGrain> logger) : Grain, IReliefBudgetGrain
{
    private static readonly TimeSpan StaleReservation = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReconcileEvery = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _commands = new(1, 1);
    private ReliefBudget _budget = null!;
    private IGrainTimer? _reconciler;

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _budget = await RestoreAsync(this.GetPrimaryKeyString());
    }

    /// <inheritdoc/>
    public Task<LedgerResult> OpenAsync(Actor actor, OpenBudgetCommand command) => RunAsync(() =>
    {
        var currency = Domain.Money.Currency.Parse(command.Currency);
        ConsequenceLadder? ladder = command.ConsequenceLadder is { } steps ? ConsequenceLadder.Parse(steps) : null;
        return _budget.DecideOpen(
            command.EntryId, Now(), command.Donor, command.Purpose, command.Country, command.Pledged.In(currency), command.SnapBackClasses, actor.Principal, ladder);
    });

    /// <inheritdoc/>
    public Task<LedgerResult> ReceiveFundsAsync(Actor actor, ReceiveFundsCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideReceiveFunds(command.EntryId, Now(), command.Amount.In(_budget.Currency), command.Reference));

    /// <inheritdoc/>
    public Task<LedgerResult> AddTrancheAsync(Actor actor, AddTrancheCommand command)
    {
        if (command.Definitions is not { Length: > 0 } definitions)
        {
            return RunOwnedAsync(actor, () =>
                _budget.DecideAddTranche(command.EntryId, Now(), _budget.Owner, command.Tranche, command.Amount.In(_budget.Currency), command.Humanitarian, command.Benchmarks));
        }

        if (_budget.IsOpen && !actor.IsAdmin && _budget.Owner != actor.Principal)
        {
            return Task.FromResult(LedgerResults.NotOwner("budget", _budget.BudgetId));
        }

        return _budget.IsOpen
            ? AddTrancheWithDefinitionsAsync(command, definitions)
            : Task.FromResult(LedgerResult.Rejected(RejectionCode.UnknownBudget, $"There is no budget '{_budget.BudgetId}'."));
    }

    /// <inheritdoc/>
    public Task<LedgerResult> VerifyBenchmarkAsync(Actor actor, VerifyBenchmarkCommand command) => RunOpenAsync(() =>
        _budget.DecideVerifyBenchmark(
            command.EntryId, Now(), command.Tranche, command.Benchmark, actor.Principal, command.EvidenceSha256, command.VerifiedOn, ParseValue(command.Value, "value")));

    /// <inheritdoc/>
    public Task<LedgerResult> RegisterVerifierAsync(Actor actor, RegisterVerifierCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideRegisterVerifier(command.EntryId, Now(), _budget.Owner, command.Verifier, command.Group));

    /// <inheritdoc/>
    public Task<LedgerResult> DecideBenchmarkAsync(Actor actor, DecideBenchmarkCommand command) => RunOwnedAsync(actor, () =>
    {
        bool met = command.Outcome switch
        {
            BenchmarkDecided.MetOutcome => true,
            BenchmarkDecided.NotMetOutcome => false,
            _ => throw new ArgumentException("'outcome' must be met or not-met", "outcome"),
        };
        int verifications = _budget.FindTranche(command.Tranche)?.BenchmarkStates.GetValueOrDefault(command.Benchmark)?.Verifications.Count ?? 0;
        string entryId = command.EntryId ?? EntryIds.BenchmarkDecided(_budget.BudgetId, command.Tranche, command.Benchmark, verifications);
        return _budget.DecideSettleBenchmark(entryId, Now(), _budget.Owner, command.Tranche, command.Benchmark, met, command.Reason);
    });

    /// <inheritdoc/>
    public Task<LedgerResult> ReleaseTrancheAsync(Actor actor, ReleaseTrancheCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideReleaseTranche(command.EntryId, Now(), _budget.Owner, command.Tranche, command.Amount.In(_budget.Currency)));

    /// <inheritdoc/>
    /// <remarks>
    /// The program's existence, agency and currency are asked of its grain inside this command's turn (under the command
    /// lock), so the listing pins what the program is when the entry is decided.
    /// </remarks>
    public Task<LedgerResult> ListProgramAsync(Actor actor, ListProgramCommand command) => RunOwnedAsync(actor, async () =>
    {
        ListedProgram? listed = null;
        if (!string.IsNullOrWhiteSpace(command.Program) && await GrainFactory.GetGrain<IBeneficiaryProgramGrain>(command.Program).GetAsync() is { } program)
        {
            listed = new ListedProgram(program.Program, program.Agency, Domain.Money.Currency.Parse(program.Currency));
        }

        return _budget.DecideListProgram(command.EntryId, Now(), _budget.Owner, command.Program, listed);
    });

    /// <inheritdoc/>
    public Task<LedgerResult> FreezeAsync(Actor actor, FreezeCommand command) =>
        actor.IsAdmin
            ? RunOpenAsync(() => _budget.DecideFreeze(command.EntryId, Now(), command.Reason, command.Finding))
            : Task.FromResult(LedgerResult.Rejected(LedgerResult.Forbidden, "Only an admin freezes a budget (a watchdog's confirmed finding will, too)."));

    /// <inheritdoc/>
    public Task<LedgerResult> SnapBackAsync(SnapBackCommand command)
    {
        if (_budget.IsOpen && !_budget.Terms!.SnapBackClasses.Contains(command.FindingClass))
        {
            return Task.FromResult(LedgerResult.Rejected(
                LedgerResult.NotASnapBackClass,
                $"The budget '{_budget.BudgetId}' names [{string.Join(", ", _budget.Terms.SnapBackClasses)}] for snap-back, not '{command.FindingClass}'."));
        }

        return RunOpenAsync(() => _budget.DecideFreeze(
            command.EntryId, Now(), $"snap-back: finding {command.Finding} ({command.FindingClass}) confirmed by {command.Watchdog}", command.Finding));
    }

    /// <inheritdoc/>
    public Task<LedgerResult> UnfreezeAsync(Actor actor, FreezeCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideUnfreeze(command.EntryId, Now(), command.Reason));

    /// <inheritdoc/>
    public Task<LedgerResult> GrantExemptionAsync(Actor actor, GrantExemptionCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideGrantExemption(command.EntryId, Now(), _budget.Owner, command.Exemption, command.Sectors, command.Modalities, command.MaxAmount.In(_budget.Currency), command.Sunset));

    /// <inheritdoc/>
    public Task<LedgerResult> RenewExemptionAsync(Actor actor, RenewExemptionCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideRenewExemption(command.EntryId, Now(), _budget.Owner, command.Exemption, command.Sunset));

    /// <inheritdoc/>
    public async Task<ExemptionSunsetOutcome[]> ApplySunsetsAsync(DateTimeOffset now, TimeSpan warnWithin)
    {
        if (!_budget.IsOpen)
        {
            return [];
        }

        List<ExemptionSunsetOutcome> outcomes = [];
        foreach (Exemption exemption in _budget.Exemptions.ToList())
        {
            if (exemption.IsRecordedExpired)
            {
                continue;
            }

            if (!exemption.IsInForceAt(now))
            {
                // The id names the sunset it records, so a second pass (or a second silo) finds it already recorded.
                string entryId = EntryIds.ExemptionExpired(_budget.BudgetId, exemption.Id, exemption.Sunset);
                LedgerResult result = await RunAsync(() => _budget.DecideExpireExemption(entryId, now, exemption.Id));
                outcomes.Add(new ExemptionSunsetOutcome(_budget.BudgetId, exemption.Id, exemption.Sunset, result.Accepted, false, result.LeafIndex));
            }
            else if (exemption.Sunset <= now + warnWithin)
            {
                outcomes.Add(new ExemptionSunsetOutcome(_budget.BudgetId, exemption.Id, exemption.Sunset, false, true, null));
            }
        }

        return [.. outcomes];
    }

    /// <inheritdoc/>
    public async Task<BenchmarkReviewOutcome[]> ApplyReviewsAsync(DateTimeOffset now, TimeSpan warnWithin)
    {
        if (!_budget.IsOpen)
        {
            return [];
        }

        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        DateOnly warnFrom = DateOnly.FromDateTime((now + warnWithin).UtcDateTime);
        List<BenchmarkReviewOutcome> outcomes = [];
        foreach ((Tranche tranche, Benchmark benchmark, ReviewWindow window) in _budget.ScheduledReviews.ToList())
        {
            BenchmarkReviewOutcome Outcome(string action, string? outcome = null, ulong? leaf = null) =>
                new(_budget.BudgetId, tranche.Id, benchmark.Name, window.Number, window.OpensOn, window.ClosesOn, action, outcome, leaf);

            if (window.OpensOn > today)
            {
                if (window.OpensOn <= warnFrom)
                {
                    outcomes.Add(Outcome(BenchmarkReviewOutcome.Upcoming));
                }

                continue;
            }

            if (!benchmark.Reviews.ContainsKey(window.Number))
            {
                // The id names the review, so a second pass (or a second silo) finds it already recorded.
                // Decided under the command lock: only the pass that finds the review unopened there reports opening it.
                bool opening = false;
                LedgerResult opened = await RunAsync(() =>
                {
                    opening = !benchmark.Reviews.ContainsKey(window.Number);
                    return _budget.DecideOpenReview(
                        EntryIds.ReviewOpened(_budget.BudgetId, tranche.Id, benchmark.Name, window.Number), now, tranche.Id, benchmark.Name, window);
                });
                if (opened.Accepted && opening)
                {
                    outcomes.Add(Outcome(BenchmarkReviewOutcome.Opened, leaf: opened.LeafIndex));
                }
            }

            if (window.ClosesOn >= today || !benchmark.Reviews.TryGetValue(window.Number, out BenchmarkReview? review) || review.Closed is not null)
            {
                continue;
            }

            if (benchmark.ReviewOutcomeOf(window) is not { } computed)
            {
                outcomes.Add(Outcome(BenchmarkReviewOutcome.Contested));
                continue;
            }

            // Decided under the command lock, on the verifications recorded by then; a contested window is refused there.
            bool closing = false;
            ReviewOutcome decided = computed;
            LedgerResult closed = await RunAsync(() =>
            {
                closing = benchmark.Reviews[window.Number].Closed is null;
                decided = benchmark.ReviewOutcomeOf(window) ?? computed;
                return _budget.DecideCloseReview(
                    EntryIds.ReviewClosed(_budget.BudgetId, tranche.Id, benchmark.Name, window.Number), now, tranche.Id, benchmark.Name, window.Number, decided);
            });
            if (closed.Accepted && closing)
            {
                outcomes.Add(Outcome(BenchmarkReviewOutcome.Closed, ReviewOutcomes.NameOf(decided), closed.LeafIndex));
            }
        }

        await ApplyDueConsequencesAsync(now, outcomes);
        return [.. outcomes];
    }

    /// <inheritdoc/>
    public Task<BudgetView?> GetAsync() => Task.FromResult(_budget.IsOpen ? BudgetViews.From(_budget, Now()) : null);

    /// <inheritdoc/>
    /// <remarks>A replayed id committed long ago is first read back from the log (<see cref="RecallAsync"/>).</remarks>
    public async Task<ReservationOutcome> ReserveAsync(DisbursementDraft draft, DateTimeOffset now)
    {
        await RecallAsync(_budget, [draft.DisbursementId]);
        return Reserve(draft, now);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The replayed ids among the drafts that were committed long ago are first read back from the log, all of them before
    /// the first reservation; then every draft is reserved in one turn, with no await in between.
    /// </remarks>
    public async Task<ReservationOutcome[]> ReserveManyAsync(DisbursementDraft[] drafts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        await RecallAsync(_budget, drafts.Select(d => d.DisbursementId));
        return Array.ConvertAll(drafts, draft => Reserve(draft, now));
    }

    /// <inheritdoc/>
    public Task CommitAsync(byte[] disbursedEntry, ulong leafIndex)
    {
        ApplyDisbursed(disbursedEntry, leafIndex);
        CountForSnapshot(1);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task CommitManyAsync(byte[][] disbursedEntries, ulong[] leafIndices)
    {
        ArgumentNullException.ThrowIfNull(disbursedEntries);
        ArgumentNullException.ThrowIfNull(leafIndices);
        if (disbursedEntries.Length != leafIndices.Length)
        {
            throw new ArgumentException($"{disbursedEntries.Length} entries were given with {leafIndices.Length} leaves.", nameof(leafIndices));
        }

        for (int i = 0; i < disbursedEntries.Length; i++)
        {
            ApplyDisbursed(disbursedEntries[i], leafIndices[i]);
        }

        CountForSnapshot(disbursedEntries.Length);

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>The disbursement the entry names, when committed long ago, is first read back from the log (<see cref="RecallAsync"/>).</remarks>
    public async Task ApplyProgramEntryAsync(byte[] entry)
    {
        LedgerEntry parsed = LedgerEntryParser.Parse(entry);
        string disbursement = parsed switch
        {
            Reversed reversed => reversed.Disbursement,
            Delivered delivered => delivered.Disbursement,
            _ => throw new ArgumentException($"A {parsed.Kind} entry is not a program's entry of a budget.", nameof(entry)),
        };

        await RecallAsync(_budget, [disbursement]);
        _budget.Apply(parsed);
        CountForSnapshot(1);
    }

    /// <summary>Applies a Disbursed entry the log holds at <paramref name="leafIndex"/> (anything else is refused).</summary>
    private void ApplyDisbursed(byte[] disbursedEntry, ulong leafIndex)
    {
        LedgerEntry parsed = LedgerEntryParser.Parse(disbursedEntry);
        _budget.Apply(parsed as Disbursed ?? throw new ArgumentException($"A {parsed.Kind} entry is not a disbursement to commit.", nameof(disbursedEntry)), leafIndex);
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string disbursementId)
    {
        _budget.Release(disbursementId);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ReleaseManyAsync(string[] disbursementIds)
    {
        foreach (string id in disbursementIds)
        {
            _budget.Release(id);
        }

        return Task.CompletedTask;
    }

    private ReservationOutcome Reserve(DisbursementDraft draft, DateTimeOffset now)
    {
        if (!_budget.IsOpen)
        {
            return new ReservationOutcome(null, false, RejectionCode.UnknownBudget, $"There is no budget '{this.GetPrimaryKeyString()}'.");
        }

        DisbursementRequest request;
        try
        {
            var currency = Domain.Money.Currency.Parse(draft.Currency);
            if (currency != _budget.Currency)
            {
                return new ReservationOutcome(null, false, RejectionCode.CurrencyMismatch, $"The budget is in {_budget.Currency.Code}, the disbursement in {currency.Code}.");
            }

            request = new DisbursementRequest(
                draft.DisbursementId, draft.Program, draft.Agency, draft.Budget, draft.Tranche, BeneficiaryPseudonym.Parse(draft.Beneficiary),
                draft.Amount.In(currency), draft.Sector, draft.Modality, draft.Period, draft.Counterparty);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return new ReservationOutcome(null, false, RejectionCode.InvalidRequest, e.Message);
        }

        TrancheReservation reservation = _budget.TryReserve(request, now);
        if (reservation.IsReserved && !reservation.IsAlreadyCommitted)
        {
            _reconciler ??= this.RegisterGrainTimer(ReconcileAsync, ReconcileEvery, ReconcileEvery);
        }

        return new ReservationOutcome(reservation.Tranche, reservation.IsAlreadyCommitted, reservation.Rejection?.Code, reservation.Rejection?.Message);
    }

    /// <summary>
    /// Settles reservations older than <see cref="StaleReservation"/>: committed when their disbursement is in
    /// the log (the caller crashed after appending), released when it is not (it never got there).
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset cutoff = time.GetUtcNow() - StaleReservation;
        foreach (BudgetReservation stale in _budget.Reservations.Where(r => r.ReservedAt < cutoff).ToList())
        {
            ulong? leaf = await log.FindAsync(stale.DisbursementId);
            if (leaf is null)
            {
                _budget.Release(stale.DisbursementId);
                LogReleasedStale(logger, stale.DisbursementId);
            }
            else
            {
                _budget.Apply(LedgerEntryParser.Parse(await log.ReadAsync(leaf.Value)), leaf.Value);
                LogCommittedStale(logger, stale.DisbursementId, leaf.Value);
            }
        }

        if (_budget.Reservations.Count == 0)
        {
            _reconciler?.Dispose();
            _reconciler = null;
        }
    }

    private DateTimeOffset Now() => time.GetUtcNow();

    private static decimal? ParseValue(string? text, string field) =>
        text is null ? null
        : IndicatorValue.TryParse(text, out decimal value) ? value
        : throw new ArgumentException($"'{field}' must be a decimal number from 0 to 10^12 with at most {IndicatorValue.MaxDecimals} decimals, written as a string such as \"82.5\"", field);

    private static decimal RequireValue(string text, string field) => ParseValue(text, field)!.Value;

    /// <summary>
    /// A definition's review schedule as the entry records it: the cadence by name, and the horizon as a number of reviews
    /// (<c>reviewCount</c>) or an end date (<c>reviewsUntil</c>: the reviews that close on or before it), never both; the
    /// end date not before <paramref name="today"/>, and at most ten years of reviews. Null when it is acceptable.
    /// </summary>
    private static LedgerResult? ReviewScheduleOf(BenchmarkDefinition definition, DateOnly today, out ReviewCadence? cadence, out int? reviewCount)
    {
        cadence = null;
        reviewCount = null;
        if (definition.ReviewCadence is null)
        {
            return definition.ReviewCount is null && definition.ReviewsUntil is null
                ? null
                : LedgerResult.Rejected(RejectionCode.InvalidRequest, "'reviewCount' and 'reviewsUntil' need a 'reviewCadence' (monthly or quarterly)");
        }

        if (!ReviewCadences.TryParse(definition.ReviewCadence, out cadence))
        {
            return LedgerResult.Rejected(RejectionCode.InvalidRequest, "'reviewCadence' must be monthly or quarterly (by name)");
        }

        if (definition.ReviewCount is null == definition.ReviewsUntil is null)
        {
            return LedgerResult.Rejected(RejectionCode.InvalidRequest, "a review cadence needs its horizon: 'reviewCount' or 'reviewsUntil', exactly one");
        }

        if (definition.ReviewsUntil is { } until)
        {
            if (until < today || until < definition.DueOn)
            {
                return LedgerResult.Rejected(RejectionCode.InvalidRequest, $"'reviewsUntil' {until:yyyy-MM-dd} is in the past or before the due date {definition.DueOn:yyyy-MM-dd}");
            }

            int count = BenchmarkDefined.ReviewsUntil(cadence.Value, definition.DueOn, until);
            if (count < 1)
            {
                return LedgerResult.Rejected(RejectionCode.InvalidRequest, $"'reviewsUntil' {until:yyyy-MM-dd} ends before the first {ReviewCadences.NameOf(cadence.Value)} review (from {definition.DueOn:yyyy-MM-dd}) closes");
            }

            reviewCount = count;
        }
        else
        {
            reviewCount = definition.ReviewCount;
        }

        return reviewCount <= cadence.Value.MaxReviews()
            ? null
            : LedgerResult.Rejected(
                RejectionCode.InvalidRequest,
                $"a review schedule runs at most {ReviewCadences.MaxHorizonMonths / 12} years: at most {cadence.Value.MaxReviews()} {ReviewCadences.NameOf(cadence.Value)} reviews");
    }

    /// <summary>
    /// The tranche and its benchmark definitions in one command turn (no verification can come between them): every
    /// definition is checked against the tranche before anything is appended; then the tranche, then each definition
    /// (derived ids, so a retry after a crash between them appends only what is missing).
    /// </summary>
    private async Task<LedgerResult> AddTrancheWithDefinitionsAsync(AddTrancheCommand command, BenchmarkDefinition[] definitions)
    {
        await _commands.WaitAsync();
        try
        {
            DateTimeOffset now = Now();
            Decision<TrancheAdded> trancheDecision;
            List<BenchmarkTerms> terms = [];
            try
            {
                foreach (BenchmarkDefinition definition in definitions)
                {
                    if (!TargetDirections.TryParse(definition.Direction, out TargetDirection? direction))
                    {
                        return LedgerResult.Rejected(RejectionCode.InvalidRequest, "'direction' must be at-least or at-most");
                    }

                    if (ReviewScheduleOf(definition, DateOnly.FromDateTime(now.UtcDateTime), out ReviewCadence? cadence, out int? reviewCount) is { } badSchedule)
                    {
                        return badSchedule;
                    }

                    terms.Add(new BenchmarkTerms(
                        definition.Benchmark, definition.Indicator, definition.Unit, RequireValue(definition.Baseline, "baseline"), RequireValue(definition.Target, "target"),
                        direction.Value, definition.DueOn, definition.RequiredVerifications, definition.RequiredGroups, cadence, reviewCount));
                }

                trancheDecision = _budget.DecideAddTranche(
                    command.EntryId, now, _budget.Owner, command.Tranche, command.Amount.In(_budget.Currency), command.Humanitarian,
                    command.Benchmarks.Concat(definitions.Select(d => d.Benchmark)).Distinct(StringComparer.Ordinal));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                return LedgerResults.Invalid(e);
            }

            if (trancheDecision.Outcome == DecisionOutcome.Rejected)
            {
                return LedgerResults.From(trancheDecision.Rejection!);
            }

            TrancheAdded tranche = trancheDecision.Entry!;
            if (_budget.CheckDefinitionsOfTranche(tranche, terms) is { } refused)
            {
                return LedgerResults.From(refused);
            }

            byte[] trancheBytes = tranche.ToCanonicalJson();
            LedgerResult result;
            if (trancheDecision.Outcome == DecisionOutcome.AlreadyRecorded)
            {
                result = await LedgerResults.AlreadyRecordedAsync(log, tranche.Id, trancheBytes);
            }
            else if (await log.TryAppendAsync(trancheBytes) is { } receipt)
            {
                _budget.Apply(tranche);
                result = LedgerResult.Recorded(tranche.Id, receipt.LeafIndex, trancheBytes);
            }
            else
            {
                return LedgerResults.IdTaken(tranche.Id);
            }

            if (!result.Accepted)
            {
                return result;
            }

            foreach (BenchmarkTerms benchmark in terms)
            {
                Decision<BenchmarkDefined> defined = _budget.DecideDefineBenchmark(
                    EntryIds.BenchmarkDefined(_budget.BudgetId, tranche.Tranche, benchmark.Benchmark), now, _budget.Owner, tranche.Tranche, benchmark.Benchmark,
                    benchmark.Indicator, benchmark.Unit, benchmark.Baseline, benchmark.Target, benchmark.Direction, benchmark.DueOn, benchmark.RequiredVerifications,
                    benchmark.RequiredGroups, benchmark.ReviewCadence, benchmark.ReviewCount);
                if (defined.Outcome == DecisionOutcome.Rejected)
                {
                    return LedgerResults.From(defined.Rejection!);
                }

                if (defined.Outcome == DecisionOutcome.Append)
                {
                    if (await log.TryAppendAsync(defined.Entry!.ToCanonicalJson()) is null)
                    {
                        return LedgerResults.IdTaken(defined.Entry.Id);
                    }

                    _budget.Apply(defined.Entry);
                }
            }

            return result;
        }
        finally
        {
            _commands.Release();
        }
    }

    private Task<LedgerResult> RunOwnedAsync<TEntry>(Actor actor, Func<Decision<TEntry>> decide)
        where TEntry : LedgerEntry =>
        RunOwnedAsync(actor, () => Task.FromResult(decide()));

    private Task<LedgerResult> RunOwnedAsync<TEntry>(Actor actor, Func<Task<Decision<TEntry>>> decide)
        where TEntry : LedgerEntry
    {
        if (_budget.IsOpen && !actor.IsAdmin && _budget.Owner != actor.Principal)
        {
            return Task.FromResult(LedgerResults.NotOwner("budget", _budget.BudgetId));
        }

        return RunOpenAsync(decide);
    }

    private Task<LedgerResult> RunOpenAsync<TEntry>(Func<Decision<TEntry>> decide)
        where TEntry : LedgerEntry =>
        RunOpenAsync(() => Task.FromResult(decide()));

    private Task<LedgerResult> RunOpenAsync<TEntry>(Func<Task<Decision<TEntry>>> decide)
        where TEntry : LedgerEntry =>
        _budget.IsOpen
            ? RunAsync(decide)
            : Task.FromResult(LedgerResult.Rejected(RejectionCode.UnknownBudget, $"There is no budget '{_budget.BudgetId}'."));

    private Task<LedgerResult> RunAsync<TEntry>(Func<Decision<TEntry>> decide)
        where TEntry : LedgerEntry =>
        RunAsync(() => Task.FromResult(decide()));

    /// <summary>Decides (what it asks other grains, it asks under the lock), appends the entry, then applies it: one command at a time.</summary>
    private async Task<LedgerResult> RunAsync<TEntry>(Func<Task<Decision<TEntry>>> decide)
        where TEntry : LedgerEntry
    {
        await _commands.WaitAsync();
        try
        {
            Decision<TEntry> decision;
            try
            {
                decision = await decide();
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                return LedgerResults.Invalid(e);
            }

            return await LedgerResults.AppendAsync(log, decision, (entry, _) => _budget.Apply(entry));
        }
        finally
        {
            _commands.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Released the stale reservation of {DisbursementId}: it never reached the log")]
    private static partial void LogReleasedStale(ILogger logger, string disbursementId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committed the stale reservation of {DisbursementId}: it is leaf {LeafIndex}")]
    private static partial void LogCommittedStale(ILogger logger, string disbursementId, ulong leafIndex);
}
