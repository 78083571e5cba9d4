using Orleans.Concurrency;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Licences;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Licences;

/// <summary>
/// The ledger's <see cref="LicenceRegime"/>: rebuilt on activation from the entries of its six kinds (indexed by kind in
/// the log), changed only by appending an entry and applying it once durable. Not reentrant, so decisions run one at a
/// time (two amendments racing are decided in turn); the payment checks are read-only and interleave with each other.
/// </summary>
public sealed class LicenceRegistryGrain(LedgerLog log, TimeProvider time, GrainReferenceCache grains) : Grain, ILicenceRegistryGrain
{
    private static readonly string[] Kinds =
    [
        JurisdictionSanctioned.KindName, JurisdictionLifted.KindName, LicenceRecorded.KindName, LicenceAmended.KindName,
        LicenceAttached.KindName, LicenceExpired.KindName,
    ];

    private readonly LicenceRegime _regime = new();

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var leaves = new List<(ulong LeafIndex, byte[] Entry)>();
        foreach (string kind in Kinds)
        {
            leaves.AddRange(await log.ReadKindAsync(kind));
        }

        foreach ((_, byte[] bytes) in leaves.OrderBy(l => l.LeafIndex))
        {
            if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _))
            {
                _regime.Apply(entry);
            }
        }
    }

    /// <inheritdoc/>
    public Task<LedgerResult> SanctionJurisdictionAsync(Actor actor, string country, string reference) =>
        AppendAsync(_regime.DecideSanction(time.GetUtcNow(), country, reference, actor.Principal));

    /// <inheritdoc/>
    public Task<LedgerResult> LiftJurisdictionAsync(Actor actor, string country, string reference) =>
        AppendAsync(_regime.DecideLift(time.GetUtcNow(), country, reference, actor.Principal));

    /// <inheritdoc/>
    [ReadOnly]
    public Task<JurisdictionView[]> ListJurisdictionsAsync() => Task.FromResult<JurisdictionView[]>(
        [.. _regime.SanctionedJurisdictions.Values.Select(j => new JurisdictionView(j.Country, j.Reference, j.Time, j.By))]);

    /// <inheritdoc/>
    public Task<LedgerResult> RecordAsync(Actor actor, RecordLicenceCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Decision<LicenceRecorded> decision;
        try
        {
            decision = _regime.DecideRecord(
                time.GetUtcNow(), command.Licence, command.Authority, command.Reference, Names(command.Countries, "countries"), Names(command.Sectors, "sectors"),
                Names(command.CounterpartyKinds, "counterpartyKinds"), Names(command.ExcludedCounterparties, "excludedCounterparties"),
                command.Issued, command.Expires, actor.Principal, OptionalNames(command.ExcludedLists, "excludedLists"));
        }
        catch (ArgumentException e)
        {
            return Task.FromResult(LedgerResults.Invalid(e));
        }

        return AppendAsync(decision);
    }

    /// <inheritdoc/>
    public Task<LedgerResult> AmendAsync(Actor actor, string licence, AmendLicenceCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Decision<LicenceAmended> decision;
        try
        {
            decision = _regime.DecideAmend(
                time.GetUtcNow(), licence, command.Amendment, command.Reference, actor.Principal, command.Expires,
                OptionalNames(command.Countries, "countries"), OptionalNames(command.Sectors, "sectors"),
                OptionalNames(command.CounterpartyKinds, "counterpartyKinds"), OptionalNames(command.ExcludedCounterparties, "excludedCounterparties"),
                OptionalNames(command.ExcludedLists, "excludedLists"));
        }
        catch (ArgumentException e)
        {
            return Task.FromResult(LedgerResults.Invalid(e));
        }

        return AppendAsync(decision);
    }

    /// <inheritdoc/>
    public async Task<LedgerResult> AttachAsync(Actor actor, string licence, string budget)
    {
        if (string.IsNullOrEmpty(budget) || await grains.Get<IReliefBudgetGrain>(budget).GetAsync() is not { } view)
        {
            return LedgerResult.Rejected(RejectionCode.UnknownBudget, $"There is no budget '{budget}'.");
        }

        if (!actor.IsAdmin && view.Owner != actor.Principal)
        {
            return LedgerResults.NotOwner("budget", budget);
        }

        return await AppendAsync(_regime.DecideAttach(time.GetUtcNow(), licence, budget, actor.Principal));
    }

    /// <inheritdoc/>
    [ReadOnly]
    public Task<LicenceView[]> ListAsync(DateTimeOffset now) =>
        Task.FromResult<LicenceView[]>([.. _regime.Licences.Values.Select(l => View(l, now))]);

    /// <inheritdoc/>
    [ReadOnly]
    public Task<LicenceView?> GetAsync(string licence, DateTimeOffset now) =>
        Task.FromResult(licence is not null && _regime.Licences.TryGetValue(licence, out Licence? found) ? View(found, now) : null);

    /// <inheritdoc/>
    [ReadOnly]
    public Task<LicenceCheckOutcome[]> CheckAsync(LicenceCheck[] checks, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var outcomes = new LicenceCheckOutcome[checks.Length];
        for (int i = 0; i < checks.Length; i++)
        {
            LicenceCheck check = checks[i];
            CounterpartyKind? kind = CounterpartyKinds.TryParse(check.CounterpartyKind, out CounterpartyKind parsed) ? parsed : null;
            LicenceCover cover = _regime.CheckDisbursement(check.Budget, check.Country, check.Sector, check.Counterparty, kind, at, check.HitList);
            outcomes[i] = cover.Rejection is { } refused
                ? new LicenceCheckOutcome(false, null, refused.Code, refused.Message)
                : new LicenceCheckOutcome(true, cover.Licence, null, null);
        }

        return Task.FromResult(outcomes);
    }

    /// <inheritdoc/>
    public async Task<LicenceExpiryOutcome[]> ApplyExpiriesAsync(DateTimeOffset now, TimeSpan warnWithin)
    {
        var outcomes = new List<LicenceExpiryOutcome>();
        foreach (Licence licence in _regime.Licences.Values.ToArray())
        {
            if (now >= licence.Expires)
            {
                if (licence.ExpiryRecorded is not null)
                {
                    continue;
                }

                Decision<LicenceExpired> decision = _regime.DecideExpire(now, licence.Id);
                LedgerResult result = await AppendAsync(decision);
                outcomes.Add(new LicenceExpiryOutcome(licence.Id, licence.Expires, result.Accepted, false, result.LeafIndex));
            }
            else if (licence.Expires - now <= warnWithin)
            {
                outcomes.Add(new LicenceExpiryOutcome(licence.Id, licence.Expires, false, true, null));
            }
        }

        return [.. outcomes];
    }

    private Task<LedgerResult> AppendAsync<TEntry>(Decision<TEntry> decision)
        where TEntry : LedgerEntry =>
        LedgerResults.AppendAsync(log, decision, (entry, _) => _regime.Apply(entry));

    private static LicenceView View(Licence licence, DateTimeOffset now) => new(
        licence.Id,
        licence.Recorded.Authority,
        licence.Recorded.Reference,
        [.. licence.Countries],
        [.. licence.Sectors],
        [.. licence.CounterpartyKinds],
        [.. licence.ExcludedCounterparties],
        licence.Issued,
        licence.Expires,
        licence.InForceAt(now) ? "in-force" : now < licence.Issued ? "not-yet-in-force" : "expired",
        [.. licence.Budgets],
        [.. licence.Amendments.Select(a => a.Amendment)],
        licence.ExpiryRecorded is not null,
        [.. licence.ExcludedLists]);

    private static NameSet Names(string[]? names, string field) =>
        names is null ? throw new ArgumentException($"'{field}' is required", field) : new NameSet(names.Select(n => n ?? throw new ArgumentException($"'{field}' holds a null", field)));

    private static NameSet? OptionalNames(string[]? names, string field) => names is null ? null : Names(names, field);
}
