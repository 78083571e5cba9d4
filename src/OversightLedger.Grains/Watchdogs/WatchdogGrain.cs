using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Watchdog;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// A watchdog organisation. Its registration (owner key, scope) is persisted; everything else — how far it has read,
/// what its rules have seen, the findings and their lifecycle — is rebuilt from the public log, which it reads like any
/// outside monitor would: entry by entry, in order, up to the latest checkpoint.
/// </summary>
public sealed partial class WatchdogGrain(
    [PersistentState("watchdog", GrainStorageNames.Ledger)] IPersistentState<WatchdogRegistrationState> state,
    LedgerLog log,
    AuditLogStore store,
    ICosignatureStore cosignatures,
    IOptions<WatchdogRuleSettings> settings,
    TimeProvider time,
    ILogger<WatchdogGrain> logger) : Grain, IWatchdogGrain
{
    private readonly FindingBook _book = new();
    private readonly List<string> _raisedOrder = [];
    private readonly Dictionary<string, List<string>> _snappedBack = new(StringComparer.Ordinal);
    private readonly HashSet<string> _snapBacksSettled = new(StringComparer.Ordinal);
    private WatchdogMonitor? _monitor;
    private ulong _nextLeaf;

    private string Id => this.GetPrimaryKeyString();

    private bool IsRegistered => state.State.Owner.Length > 0;

    /// <inheritdoc/>
    public async Task<WatchdogView> RegisterAsync(Actor actor, RegisterWatchdogCommand command)
    {
        bool scopeChanged = !state.State.Budgets.SequenceEqual(command.Budgets) || !state.State.Programs.SequenceEqual(command.Programs);
        state.State.Name = command.Name;
        state.State.Owner = IsRegistered ? state.State.Owner : actor.Principal;
        state.State.Budgets = [.. command.Budgets.Distinct(StringComparer.Ordinal)];
        state.State.Programs = [.. command.Programs.Distinct(StringComparer.Ordinal)];
        if (state.State.WitnessSignerKey.Length == 0)
        {
            (state.State.WitnessSignerKey, state.State.WitnessVerifierKey) = WitnessKeys.Generate(WitnessName);
        }

        await state.WriteStateAsync();
        WitnessRegistration witness = await GrainFactory.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key)
            .RegisterAsync(WitnessName, state.State.WitnessVerifierKey, state.State.Owner);
        if (witness.Outcome is WitnessRegistrationOutcome.NameTaken or WitnessRegistrationOutcome.KeyTaken)
        {
            LogWitnessNotRegistered(logger, Id, WitnessName, witness.Outcome.ToString());
        }

        await GrainFactory.GetGrain<IWatchdogDirectoryGrain>(IWatchdogDirectoryGrain.Key).AddAsync(Id);
        if (scopeChanged)
        {
            // The rules see the log through the scope: a new scope means reading it again from the start.
            _monitor = null;
            _nextLeaf = 0;
        }

        await CatchUpAsync();
        return View();
    }

    /// <inheritdoc/>
    public async Task<WatchdogView?> GetAsync()
    {
        if (!IsRegistered)
        {
            return null;
        }

        await CatchUpAsync();
        return View();
    }

    /// <inheritdoc/>
    public async Task<WatchdogScanOutcome> ScanAsync()
    {
        if (!IsRegistered)
        {
            return new WatchdogScanOutcome(0, [], null, null);
        }

        await CatchUpAsync();
        List<string> raised = [];
        foreach (FindingCandidate candidate in _monitor!.TakeNewFindings())
        {
            FindingRaised entry = candidate.ToEntry(time.GetUtcNow());
            Decision<FindingRaised> decision = _book.DecideRaise(entry);
            if (decision.Outcome != DecisionOutcome.Append)
            {
                continue;
            }

            try
            {
                LogAppendReceipt receipt = await log.AppendAsync(entry.ToCanonicalJson());
                Record(entry);
                raised.Add(entry.Finding);
                LogRaised(logger, Id, entry.Finding, entry.Class, receipt.LeafIndex);
            }
            catch (EntryIdTakenException)
            {
                // Raised already by an earlier activation whose entry we have not read yet: the next catch-up applies it.
            }
        }

        await SettleSnapBacksAsync();
        (ulong? cosigned, string? failure) = await CosignAsync();
        return new WatchdogScanOutcome(_nextLeaf, [.. raised], cosigned, failure);
    }

    /// <inheritdoc/>
    public async Task<FindingView[]> GetFindingsAsync()
    {
        await CatchUpAsync();
        return [.. _raisedOrder.Select(id => ViewOf(_book.Find(id)!))];
    }

    /// <inheritdoc/>
    public async Task<LedgerResult> DisputeAsync(Actor actor, DisputeFindingCommand command)
    {
        await CatchUpAsync();
        if (Own(command.Finding) is not { } finding)
        {
            return LedgerResult.Rejected(RejectionCode.UnknownFinding, $"The watchdog '{Id}' has no finding '{command.Finding}'.");
        }

        if (!actor.IsAdmin && !await RunsAnyProgramAsync(actor.Principal, finding.Raised.Programs))
        {
            return LedgerResult.Rejected(
                LedgerResult.Forbidden, $"Only the agency running one of the programs of finding '{finding.Id}' ([{string.Join(", ", finding.Raised.Programs)}]) may dispute it.");
        }

        return await RecordAsync(() => _book.DecideDispute(command.EntryId, time.GetUtcNow(), finding.Id, actor.Principal, command.Response));
    }

    /// <inheritdoc/>
    public async Task<LedgerResult> ResolveAsync(Actor actor, ResolveFindingCommand command)
    {
        await CatchUpAsync();
        if (Own(command.Finding) is not { } finding)
        {
            return LedgerResult.Rejected(RejectionCode.UnknownFinding, $"The watchdog '{Id}' has no finding '{command.Finding}'.");
        }

        if (!actor.IsAdmin && actor.Principal != state.State.Owner)
        {
            return LedgerResult.Rejected(LedgerResult.Forbidden, $"Only the key that registered the watchdog '{Id}' resolves its findings.");
        }

        if (!FindingResolved.TryParseOutcome(command.Outcome, out FindingOutcome outcome))
        {
            return LedgerResult.Rejected(RejectionCode.InvalidRequest, $"The outcome '{command.Outcome}' is neither dismissed nor confirmed.");
        }

        LedgerResult result = await RecordAsync(() => _book.DecideResolve(command.EntryId, time.GetUtcNow(), finding.Id, Id, outcome, command.Action));
        if (result.Accepted)
        {
            await SettleSnapBacksAsync();
        }

        return result;
    }

    private string WitnessName => "witness-" + Id;

    /// <summary>
    /// The watchdog's witness cosigns the log's current checkpoint: only after checking the log's signature and a
    /// consistency proof (built from the tiles) from the last checkpoint it cosigned. A refusal is an alarm about the log.
    /// </summary>
    private async Task<(ulong? CosignedSize, string? Failure)> CosignAsync()
    {
        byte[]? note = await store.Storage.ReadAsync(TilePath.Checkpoint);
        if (note is null || state.State.WitnessSignerKey.Length == 0)
        {
            return (null, null);
        }

        WitnessState? last = state.State.WitnessState.Length == 0 ? null : WitnessState.Parse(state.State.WitnessState);
        WitnessedCheckpoint witnessed;
        try
        {
            ulong size = Checkpoint.Parse(Transparency.Notes.SignedNote.Parse(note).Text).Size;
            if (last is not null && last.Size == size)
            {
                return (null, null);
            }

            MerkleHash[] proof = await WitnessConsistencyProof.FromTilesAsync(store.Storage, last, size);
            using Cosigner cosigner = WitnessKeys.OpenCosigner(state.State.WitnessSignerKey);
            witnessed = new CheckpointWitness(store.Verifier, cosigner, time).Cosign(last, note, proof);
        }
        catch (CheckpointWitnessException e)
        {
            LogWitnessRefused(logger, Id, e.Failure.ToString(), e.Message);
            return (null, $"{e.Failure}: {e.Message}");
        }

        // The witness remembers what it verified before it says so; then the log gathers the cosignature.
        state.State.WitnessState = witnessed.State.Format();
        await state.WriteStateAsync();
        try
        {
            await cosignatures.AddAsync(witnessed.Cosigned.Format());
            return (witnessed.Checkpoint.Size, null);
        }
        catch (CosignatureRejectedException e)
        {
            // Most often the log moved on meanwhile (stale checkpoint): the next scan cosigns the newer one.
            LogCosignatureNotStored(logger, Id, witnessed.Checkpoint.Size, e.Message);
            return (null, null);
        }
    }

    private FindingRecord? Own(string findingId) => _book.Find(findingId) is { } finding && finding.Watchdog == Id ? finding : null;

    private async Task<bool> RunsAnyProgramAsync(string principal, IEnumerable<string> programs)
    {
        foreach (string program in programs)
        {
            if ((await GrainFactory.GetGrain<IBeneficiaryProgramGrain>(program).GetAsync())?.Agency == principal)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<LedgerResult> RecordAsync<TEntry>(Func<Decision<TEntry>> decide)
        where TEntry : LedgerEntry
    {
        Decision<TEntry> decision;
        try
        {
            decision = decide();
        }
        catch (ArgumentException e)
        {
            return LedgerResult.Rejected(RejectionCode.InvalidRequest, e.Message);
        }

        if (decision.Outcome == DecisionOutcome.Rejected)
        {
            return LedgerResult.Rejected(decision.Rejection!.Code, decision.Rejection.Message);
        }

        byte[] bytes = decision.Entry!.ToCanonicalJson();
        if (decision.Outcome == DecisionOutcome.AlreadyRecorded)
        {
            return await LedgerResults.AlreadyRecordedAsync(log, decision.Entry.Id, bytes);
        }

        if (await log.TryAppendAsync(bytes) is not { } receipt)
        {
            return LedgerResults.IdTaken(decision.Entry.Id);
        }

        Record(decision.Entry);
        return LedgerResult.Recorded(decision.Entry.Id, receipt.LeafIndex, bytes);
    }

    /// <summary>Every confirmed finding of this watchdog snaps back the budgets whose terms name its class, once.</summary>
    private async Task SettleSnapBacksAsync()
    {
        foreach (FindingRecord finding in _raisedOrder.Select(id => _book.Find(id)!).Where(f => f.IsConfirmed && !_snapBacksSettled.Contains(f.Id)).ToList())
        {
            List<string> frozen = [];
            foreach (string budget in finding.Raised.Budgets)
            {
                LedgerResult result = await GrainFactory.GetGrain<IReliefBudgetGrain>(budget)
                    .SnapBackAsync(new SnapBackCommand(EntryIds.SnapBack(budget, finding.Id), finding.Id, finding.Class, Id));
                if (result.Accepted)
                {
                    frozen.Add(budget);
                    LogSnappedBack(logger, Id, finding.Id, budget, result.LeafIndex);
                }
            }

            _snappedBack[finding.Id] = frozen;
            _snapBacksSettled.Add(finding.Id);
        }
    }

    /// <summary>Reads the log from where this activation stopped up to the latest checkpoint.</summary>
    private async Task CatchUpAsync()
    {
        _monitor ??= new WatchdogMonitor(Id, settings.Value, new WatchdogScope(state.State.Budgets, state.State.Programs));
        ulong size = (await log.GetTreeHeadAsync()).TreeSize;
        await foreach ((ulong leaf, byte[] bytes) in log.ReadRangeAsync(_nextLeaf, size))
        {
            if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _))
            {
                _monitor.Observe(leaf, entry);
                if (FindingBook.IsFindingEntry(entry))
                {
                    Record(entry);
                }
            }
            else
            {
                _monitor.Observe(leaf, bytes);
            }
        }

        _nextLeaf = Math.Max(_nextLeaf, size);
    }

    private void Record(LedgerEntry entry)
    {
        bool known = entry is FindingRaised r && _book.Find(r.Finding) is not null;
        if (_book.Apply(entry) is null && entry is FindingRaised raised && !known && raised.Watchdog == Id)
        {
            _raisedOrder.Add(raised.Finding);
        }
    }

    private WatchdogView View() => new(
        Id, state.State.Name, state.State.Owner, [.. state.State.Budgets], [.. state.State.Programs], _nextLeaf,
        _raisedOrder.Count, _raisedOrder.Count(id => !_book.Find(id)!.IsResolved), state.State.WitnessVerifierKey,
        state.State.WitnessState.Length == 0 ? 0 : WitnessState.Parse(state.State.WitnessState).Size);

    private FindingView ViewOf(FindingRecord finding) => new(
        finding.Id,
        finding.Class,
        [.. finding.Raised.Budgets],
        [.. finding.Raised.Programs],
        [.. finding.Raised.Leaves],
        finding.Raised.Summary,
        finding.Resolution is { } resolution ? FindingResolved.FormatOutcome(resolution.Outcome) : finding.State == FindingState.Disputed ? "disputed" : "raised",
        [.. finding.Disputes.Select(d => d.Response)],
        finding.Resolution?.Action,
        [.. _snappedBack.GetValueOrDefault(finding.Id) ?? []]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watchdog {Watchdog}: its witness {Witness} is not registered ({Outcome}); its cosignatures will be refused")]
    private static partial void LogWitnessNotRegistered(ILogger logger, string watchdog, string witness, string outcome);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Watchdog {Watchdog}: its witness refused to cosign the log's checkpoint ({Failure}): {Reason}")]
    private static partial void LogWitnessRefused(ILogger logger, string watchdog, string failure, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watchdog {Watchdog}: the cosignature of checkpoint {Size} was not stored: {Reason}")]
    private static partial void LogCosignatureNotStored(ILogger logger, string watchdog, ulong size, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watchdog {Watchdog} raised finding {Finding} ({Class}) at leaf {LeafIndex}")]
    private static partial void LogRaised(ILogger logger, string watchdog, string finding, string @class, ulong leafIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watchdog {Watchdog}: confirmed finding {Finding} snapped back budget {Budget} (BudgetFrozen at leaf {LeafIndex})")]
    private static partial void LogSnappedBack(ILogger logger, string watchdog, string finding, string budget, ulong? leafIndex);
}
