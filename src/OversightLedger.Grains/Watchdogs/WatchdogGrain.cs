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

namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// A watchdog organisation. Its registration (owner key, scope) is persisted; everything else — how far it has read,
/// what its rules have seen, the findings and their lifecycle — is rebuilt from the public log, which it reads like any
/// outside monitor would: entry by entry, in order, up to the latest checkpoint — from its latest snapshot on, when it has
/// one that agrees with the log (<c>WatchdogGrain.Snapshots.cs</c>). It holds no witness key: a watchdog
/// that witnesses the log registers a key it made itself under its reserved witness name (its id).
/// </summary>
public sealed partial class WatchdogGrain(
    [PersistentState("watchdog", GrainStorageNames.Ledger)] IPersistentState<WatchdogRegistrationState> state,
    LedgerLog log,
    IOptions<WatchdogRuleSettings> settings,
    TimeProvider time,
    ILogger<WatchdogGrain> logger) : Grain, IWatchdogGrain
{
    private FindingBook _book = new();
    private readonly List<string> _raisedOrder = [];
    private readonly Dictionary<string, List<string>> _snappedBack = new(StringComparer.Ordinal);
    private readonly HashSet<string> _snapBacksSettled = new(StringComparer.Ordinal);
    private WatchdogMonitor? _monitor;
    private ulong _nextLeaf;

    private string Id => this.GetPrimaryKeyString();

    private bool IsRegistered => state.State.Owner.Length > 0;

    /// <inheritdoc/>
    /// <remarks>
    /// Earlier versions generated a witness key here and kept its private half in grain state (so in the grain
    /// database). A registration that still holds one is wiped on activation: the state is rewritten without it and the
    /// witness the server registered with it is retired from the registry, with a <c>WitnessRetired</c> entry in the public
    /// log (naming the key, so that auditors stop counting its cosignatures) and a warning in the server's log.
    /// </remarks>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        WatchdogRegistrationState registration = state.State;
        if (registration.WitnessSignerKey.Length == 0 && registration.WitnessVerifierKey.Length == 0 && registration.WitnessState.Length == 0)
        {
            return;
        }

        string legacyWitness = "witness-" + Id;
        bool retired = false;
        if (registration.WitnessVerifierKey.Length > 0)
        {
            // Logged before the state is wiped: a crash in between retries on the next activation, and the entry's id
            // (the witness and its key) makes the retirement appear in the log once.
            string key = registration.WitnessVerifierKey.Trim();
            var entry = new WitnessRetired(EntryIds.WitnessRetired(legacyWitness, key), time.GetUtcNow(), legacyWitness, key, Id, WitnessRetired.ServerGeneratedReason);
            await log.TryAppendAsync(entry.ToCanonicalJson());
            retired = await GrainFactory.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key).RetireAsync(legacyWitness, key);
        }

        registration.WitnessSignerKey = string.Empty;
        registration.WitnessVerifierKey = string.Empty;
        registration.WitnessState = string.Empty;
        await state.WriteStateAsync();
        LogLegacyWitnessWiped(logger, Id, legacyWitness, retired);

        // Registered before witness names were reserved with the watchdog: reserve its name now.
        if (IsRegistered && !await GrainFactory.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key).ReserveNameAsync(Id, registration.Owner))
        {
            LogWitnessNameTaken(logger, Id);
        }
    }

    /// <inheritdoc/>
    public async Task<WatchdogRegistration> RegisterAsync(Actor actor, RegisterWatchdogCommand command)
    {
        // The grain is not reentrant: from this check to the write below no other registration of this id runs.
        if (IsRegistered && !actor.IsAdmin && actor.Principal != state.State.Owner)
        {
            return new WatchdogRegistration(WatchdogRegistrationOutcome.Forbidden, null, $"The watchdog '{Id}' is registered by another key.");
        }

        bool created = !IsRegistered;
        if (created && !await GrainFactory.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key).ReserveNameAsync(Id, actor.Principal))
        {
            return new WatchdogRegistration(
                WatchdogRegistrationOutcome.WitnessNameTaken, null, $"The witness name '{Id}', which a watchdog '{Id}' reserves for its owner, belongs to another principal.");
        }

        bool scopeChanged = !state.State.Budgets.SequenceEqual(command.Budgets) || !state.State.Programs.SequenceEqual(command.Programs);
        state.State.Name = command.Name;
        state.State.Owner = created ? actor.Principal : state.State.Owner;
        state.State.Budgets = [.. command.Budgets.Distinct(StringComparer.Ordinal)];
        state.State.Programs = [.. command.Programs.Distinct(StringComparer.Ordinal)];
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IWatchdogDirectoryGrain>(IWatchdogDirectoryGrain.Key).AddAsync(Id);
        if (scopeChanged)
        {
            // The rules see the log through the scope: a new scope means reading it again from the start.
            _monitor = null;
            _nextLeaf = 0;
        }

        await CatchUpAsync();
        return new WatchdogRegistration(created ? WatchdogRegistrationOutcome.Created : WatchdogRegistrationOutcome.Updated, View(), null);
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
            return new WatchdogScanOutcome(0, []);
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
        return new WatchdogScanOutcome(_nextLeaf, [.. raised]);
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

        return await LedgerResults.AppendAsync(log, decision, (entry, _) => Record(entry));
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
        if (_monitor is null && !_restoreTried)
        {
            _restoreTried = true;
            await RestoreAsync();
        }

        _monitor ??= WatchdogMonitor.LogBacked(Id, settings.Value, new WatchdogScope(state.State.Budgets, state.State.Programs));
        ulong size = (await log.GetTreeHeadAsync()).TreeSize;
        long read = 0;
        await foreach ((ulong leaf, byte[] bytes) in log.ReadRangeAsync(_nextLeaf, size))
        {
            read++;
            if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _))
            {
                await LookUpAsync(_monitor, entry);
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
        CountForSnapshot(read);
    }

    /// <summary>
    /// What the log-backed monitor must know of the log before it observes <paramref name="entry"/> (a repeated id, the
    /// disbursement a reversal or a delivery names): the leaf the sequencer's id index gives, and the entry read back there.
    /// </summary>
    private async Task LookUpAsync(WatchdogMonitor monitor, LedgerEntry entry)
    {
        foreach (string id in monitor.IdsToLookUp(entry))
        {
            if (await log.FindAsync(id) is { } leaf && leaf < monitor.NextLeafIndex)
            {
                monitor.Found(id, leaf, LedgerEntryParser.TryParse(await log.ReadAsync(leaf), out LedgerEntry? found, out _) ? found : null);
            }
        }
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
        _raisedOrder.Count, _raisedOrder.Count(id => !_book.Find(id)!.IsResolved));

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watchdog {Watchdog}: wiped the witness key the server once generated for it from grain state; its witness {Witness} retired from the registry: {Retired}. To witness the log, its owner registers a key of its own (oversight witness keygen, POST /api/witnesses)")]
    private static partial void LogLegacyWitnessWiped(ILogger logger, string watchdog, string witness, bool retired);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watchdog {Watchdog}: its witness name is held by another principal; its owner cannot register a witness under it")]
    private static partial void LogWitnessNameTaken(ILogger logger, string watchdog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watchdog {Watchdog} raised finding {Finding} ({Class}) at leaf {LeafIndex}")]
    private static partial void LogRaised(ILogger logger, string watchdog, string finding, string @class, ulong leafIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watchdog {Watchdog}: confirmed finding {Finding} snapped back budget {Budget} (BudgetFrozen at leaf {LeafIndex})")]
    private static partial void LogSnappedBack(ILogger logger, string watchdog, string finding, string budget, ulong? leafIndex);
}
