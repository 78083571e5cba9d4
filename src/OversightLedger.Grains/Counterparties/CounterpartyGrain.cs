using System.Globalization;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Sanctions;
using OversightLedger.Sanctions;

namespace OversightLedger.Grains.Counterparties;

/// <summary>
/// One counterparty. Its public state (<see cref="Counterparty"/>: registration, latest screening, its review) is rebuilt
/// from the log on activation; the name and other screened details are private grain state, written before the
/// registration is logged. It is screened on registration, by the re-screening of every counterparty after a list
/// change (<see cref="RescreenAsync"/>), and again, lazily, whenever it is looked at or named by a payment after the lists in force changed (one <c>CounterpartyScreened</c> per set of list versions). Not reentrant:
/// one decision at a time.
/// </summary>
public sealed class CounterpartyGrain(
    [PersistentState("counterparty", GrainStorageNames.Ledger)] IPersistentState<CounterpartyDetailsState> details,
    LedgerLog log,
    SanctionsLists lists,
    TimeProvider time) : Grain, ICounterpartyGrain
{
    private Counterparty _counterparty = null!;

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string id = this.GetPrimaryKeyString();
        _counterparty = new Counterparty(id);
        foreach ((_, byte[] bytes) in await log.ReadSubjectAsync(LogSubjects.Counterparty(id)))
        {
            if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _))
            {
                _counterparty.Apply(entry);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<CounterpartyRegistration> RegisterAsync(Actor actor, RegisterCounterpartyCommand command)
    {
        Decision<CounterpartyRegistered> decision;
        try
        {
            decision = CounterpartyKinds.TryParse(command.Kind, out CounterpartyKind kind)
                ? _counterparty.DecideRegister(time.GetUtcNow(), actor.Principal, kind, CounterpartyPseudonym.Parse(command.Pseudonym))
                : Decision<CounterpartyRegistered>.Reject(RejectionCode.InvalidRequest, $"The kind must be one of {CounterpartyKinds.Names}.");
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return new CounterpartyRegistration(LedgerResults.Invalid(e), null);
        }

        LedgerResult result;
        if (decision.Outcome == DecisionOutcome.Rejected)
        {
            return new CounterpartyRegistration(LedgerResults.From(decision.Rejection!), null);
        }

        byte[] entry = decision.Entry!.ToCanonicalJson();
        if (decision.Outcome == DecisionOutcome.AlreadyRecorded)
        {
            result = await LedgerResults.AlreadyRecordedAsync(log, decision.Entry.Id, entry);
        }
        else
        {
            // The private details first: a registration in the log always has what it is screened on.
            details.State.Name = command.Name;
            details.State.Country = command.Country;
            details.State.DateOfBirth = command.DateOfBirth;
            details.State.RegistrationNumber = command.RegistrationNumber;
            await details.WriteStateAsync();
            if (await log.TryAppendAsync(entry) is not { } receipt)
            {
                return new CounterpartyRegistration(LedgerResults.IdTaken(decision.Entry.Id), null);
            }

            _counterparty.Apply(decision.Entry);
            result = LedgerResult.Recorded(decision.Entry.Id, receipt.LeafIndex, entry);
        }

        await ScreenIfDueAsync();
        return new CounterpartyRegistration(result, View());
    }

    /// <inheritdoc/>
    public async Task<CounterpartyView?> GetAsync()
    {
        if (!_counterparty.IsRegistered)
        {
            return null;
        }

        await ScreenIfDueAsync();
        return View();
    }

    /// <inheritdoc/>
    public async Task<LedgerResult> ReviewAsync(ComplianceReviewer reviewer, bool clear, string reasonSha256)
    {
        if (_counterparty.Registration is not { } registration)
        {
            return LedgerResult.Rejected(RejectionCode.UnknownCounterparty, $"There is no counterparty '{_counterparty.CounterpartyId}'.");
        }

        if (!reviewer.Covers(registration.Agency))
        {
            return LedgerResults.NotOwner("counterparty", _counterparty.CounterpartyId);
        }

        Decision<LedgerEntry> decision;
        try
        {
            decision = _counterparty.DecideReview(time.GetUtcNow(), reviewer.Principal, clear, reasonSha256);
        }
        catch (ArgumentException e)
        {
            return LedgerResults.Invalid(e);
        }

        return await LedgerResults.AppendAsync(log, decision, (entry, _) => _counterparty.Apply(entry));
    }

    /// <inheritdoc/>
    public async Task<CounterpartyPaymentCheck> CheckPaymentAsync(string agency)
    {
        string id = _counterparty.CounterpartyId;
        if (_counterparty.Registration is not { } registration)
        {
            return new CounterpartyPaymentCheck(false, RejectionCode.UnknownCounterparty, $"There is no counterparty '{id}'.");
        }

        if (registration.Agency != agency)
        {
            return new CounterpartyPaymentCheck(false, LedgerResult.Forbidden, $"The counterparty '{id}' belongs to another agency.");
        }

        await ScreenIfDueAsync();
        return _counterparty.Status switch
        {
            ScreeningStatus.Clear or ScreeningStatus.Cleared => CounterpartyPaymentCheck.Payable with
            {
                Kind = CounterpartyKinds.Format(registration.CounterpartyKind),
                HitList = _counterparty.HitList,
            },
            ScreeningStatus.Unscreened => Blocked($"The counterparty '{id}' is not screened yet (no sanctions list is loaded); it cannot be paid."),
            ScreeningStatus.Hit => Blocked($"The counterparty '{id}' has a sanctions screening hit that no compliance reviewer has cleared; it cannot be paid."),
            _ => Blocked($"The counterparty '{id}' has a confirmed sanctions hit; it cannot be paid."),
        };

        static CounterpartyPaymentCheck Blocked(string message) => new(false, RejectionCode.CounterpartyBlocked, message);
    }

    /// <inheritdoc/>
    public async Task<CounterpartyRescreening> RescreenAsync()
    {
        if (!_counterparty.IsRegistered)
        {
            return new CounterpartyRescreening(false, false, false);
        }

        CounterpartyScreened? before = _counterparty.LatestScreening;
        bool wasHit = _counterparty.Status is ScreeningStatus.Hit or ScreeningStatus.Confirmed;

        // Only against what changed: when nothing that changed comes near the name and none of its matches changed, the
        // screening stands (a payment or a read still screens in full against the versions then in force).
        if (before is not null && lists.Current is { } current && !before.Lists.Equals(current.VersionNames) && Query() is { } query
            && lists.ImpactOfChanges(query, before.Lists, [.. details.State.Matches.Select(m => m.Entry)]) == ListChangeImpact.Unaffected)
        {
            return new CounterpartyRescreening(false, before.Hit, wasHit, Unaffected: true);
        }

        await ScreenIfDueAsync();
        CounterpartyScreened? after = _counterparty.LatestScreening;
        return new CounterpartyRescreening(after is not null && !ReferenceEquals(before, after), after?.Hit == true, wasHit);
    }

    /// <summary>Screens against the lists in force when it was not screened against exactly these versions yet.</summary>
    private async Task ScreenIfDueAsync()
    {
        if (lists.Current is not { } current || Query() is not { } query
            || _counterparty.LatestScreening?.Lists.Equals(current.VersionNames) == true)
        {
            return;
        }

        if (lists.Screen(query) is not { } result)
        {
            return;
        }

        Decision<CounterpartyScreened> decision = _counterparty.DecideScreening(
            time.GetUtcNow(), result.Lists, result.BestScore, result.Hit, result.Hit ? result.MatchIds[0] : null);
        if (decision.Outcome != DecisionOutcome.Append)
        {
            return;
        }

        details.State.Matches = [.. result.Matches.Select((m, i) => ToView(m, result.MatchIds[i]))];
        await details.WriteStateAsync();
        if (await log.TryAppendAsync(decision.Entry!.ToCanonicalJson()) is not null)
        {
            _counterparty.Apply(decision.Entry!);
        }
    }

    /// <summary>What it is screened on (its private details), or null before registration.</summary>
    private ScreeningQuery? Query()
    {
        if (details.State.Name is not { } name)
        {
            return null;
        }

        DateOnly? dateOfBirth = DateOnly.TryParseExact(details.State.DateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d) ? d : null;
        return new ScreeningQuery(name, details.State.Country, dateOfBirth, details.State.RegistrationNumber);
    }

    private static CounterpartyMatch ToView(ScreeningMatch match, string entryId) => new(
        entryId,
        match.Entry.Name,
        match.Entry.Kind.ToString().ToLowerInvariant(),
        [.. match.Entry.Programs],
        match.Score.ToString("0.0000", CultureInfo.InvariantCulture),
        match.Explanation.Describe());

    private CounterpartyView View()
    {
        CounterpartyRegistered registration = _counterparty.Registration!;
        CounterpartyScreened? screening = _counterparty.LatestScreening;
        string? reviewedBy = _counterparty.LatestReview switch
        {
            ScreeningCleared c => c.By,
            ScreeningConfirmed c => c.By,
            _ => null,
        };
        return new CounterpartyView(
            _counterparty.CounterpartyId,
            registration.Agency,
            CounterpartyKinds.Format(registration.CounterpartyKind),
            registration.Name.Value,
            details.State.Name,
            details.State.Country,
            details.State.DateOfBirth,
            details.State.RegistrationNumber,
            _counterparty.Status.ToString().ToLowerInvariant(),
            _counterparty.IsBlocked,
            screening is null ? [] : [.. screening.Lists],
            screening?.Score.ToString("0.0000", CultureInfo.InvariantCulture),
            screening?.MatchedEntry,
            screening is null ? [] : details.State.Matches,
            reviewedBy);
    }
}
