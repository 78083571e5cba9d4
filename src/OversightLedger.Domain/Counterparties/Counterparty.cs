using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Counterparties;

/// <summary>
/// One counterparty's public state and the screening rules (DESIGN §5.10): registered by one agency, screened against
/// each set of list versions once, a hit blocking payments until a compliance reviewer clears it, a confirmed hit
/// blocking for good (until a later screening against other list versions). Built from its entries in log order.
/// </summary>
/// <remarks>Not thread-safe: one grain activation owns one instance.</remarks>
public sealed class Counterparty(string counterpartyId)
{
    /// <summary>The counterparty id.</summary>
    public string CounterpartyId { get; } = counterpartyId;

    /// <summary>The registration, or null before it.</summary>
    public CounterpartyRegistered? Registration { get; private set; }

    /// <summary>The latest screening, or null when never screened.</summary>
    public CounterpartyScreened? LatestScreening { get; private set; }

    /// <summary>The review of the latest screening (<see cref="ScreeningCleared"/> or <see cref="ScreeningConfirmed"/>), or null.</summary>
    public LedgerEntry? LatestReview { get; private set; }

    /// <summary>Whether it is registered.</summary>
    public bool IsRegistered => Registration is not null;

    /// <summary>Where the latest screening stands.</summary>
    public ScreeningStatus Status => (LatestScreening, LatestReview) switch
    {
        (null, _) => ScreeningStatus.Unscreened,
        ({ Hit: false }, _) => ScreeningStatus.Clear,
        (_, ScreeningCleared) => ScreeningStatus.Cleared,
        (_, ScreeningConfirmed) => ScreeningStatus.Confirmed,
        _ => ScreeningStatus.Hit,
    };

    /// <summary>
    /// The source of the list (e.g. <c>OFAC-SDN</c>) its latest screening's hit is on — whether unreviewed, cleared or
    /// confirmed — or null when that screening is no hit. A licence excluding that list does not cover payments naming it.
    /// </summary>
    public string? HitList => LatestScreening is { } screening ? HitListOf(screening) : null;

    /// <summary>Whether payments to it are refused: never screened, an unreviewed hit, or a confirmed one.</summary>
    public bool IsBlocked => Status is not (ScreeningStatus.Clear or ScreeningStatus.Cleared);

    /// <summary>Registers it for <paramref name="agency"/>; the same registration again is the one recorded.</summary>
    public Decision<CounterpartyRegistered> DecideRegister(DateTimeOffset now, string agency, CounterpartyKind kind, CounterpartyPseudonym name)
    {
        var entry = new CounterpartyRegistered(EntryIds.CounterpartyRegistered(CounterpartyId), now, CounterpartyId, agency, kind, name);
        if (Registration is null)
        {
            return Decision<CounterpartyRegistered>.Append(entry);
        }

        return Registration.HasSameContentAs(entry)
            ? Decision<CounterpartyRegistered>.AlreadyRecorded(Registration)
            : Decision<CounterpartyRegistered>.Reject(RejectionCode.CounterpartyExists, $"The counterparty '{CounterpartyId}' is registered with other details.");
    }

    /// <summary>Records a screening against <paramref name="lists"/>; once per set of list versions.</summary>
    public Decision<CounterpartyScreened> DecideScreening(DateTimeOffset now, NameSet lists, decimal score, bool hit, string? matchedEntry)
    {
        if (Registration is null)
        {
            return Decision<CounterpartyScreened>.Reject(RejectionCode.UnknownCounterparty, $"There is no counterparty '{CounterpartyId}'.");
        }

        var entry = new CounterpartyScreened(EntryIds.CounterpartyScreened(CounterpartyId, lists), now, CounterpartyId, lists, score, hit, hit ? matchedEntry : null);
        return LatestScreening is { } latest && latest.Id == entry.Id
            ? Decision<CounterpartyScreened>.AlreadyRecorded(latest)
            : Decision<CounterpartyScreened>.Append(entry);
    }

    /// <summary>
    /// A compliance reviewer's decision on the latest screening's hit: <paramref name="clear"/> true records
    /// <see cref="ScreeningCleared"/>, false <see cref="ScreeningConfirmed"/>. Only a hit can be reviewed, and once; the
    /// same review again is the one recorded.
    /// </summary>
    public Decision<LedgerEntry> DecideReview(DateTimeOffset now, string by, bool clear, string reasonSha256)
    {
        if (Registration is null)
        {
            return Decision<LedgerEntry>.Reject(RejectionCode.UnknownCounterparty, $"There is no counterparty '{CounterpartyId}'.");
        }

        if (LatestScreening is not { Hit: true } screening)
        {
            return Decision<LedgerEntry>.Reject(RejectionCode.NoHitToReview, $"The latest screening of '{CounterpartyId}' is not a hit: there is nothing to review.");
        }

        string id = EntryIds.ScreeningReviewed(CounterpartyId, screening.Lists);
        LedgerEntry entry = clear
            ? new ScreeningCleared(id, now, CounterpartyId, by, screening.Lists, screening.Score, reasonSha256)
            : new ScreeningConfirmed(id, now, CounterpartyId, by, screening.Lists, screening.Score, reasonSha256);
        if (LatestReview is null)
        {
            return Decision<LedgerEntry>.Append(entry);
        }

        return LatestReview.HasSameContentAs(entry)
            ? Decision<LedgerEntry>.AlreadyRecorded(LatestReview)
            : Decision<LedgerEntry>.Reject(RejectionCode.AlreadyReviewed, $"The hit of '{CounterpartyId}' was already {(LatestReview is ScreeningCleared ? "cleared" : "confirmed")}.");
    }

    /// <summary>Applies one of its entries; entries of other counterparties and kinds are ignored.</summary>
    public void Apply(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry)
        {
            case CounterpartyRegistered registered when registered.Counterparty == CounterpartyId:
                Registration ??= registered;
                break;
            case CounterpartyScreened screened when screened.Counterparty == CounterpartyId:
                LatestScreening = screened;
                LatestReview = null;
                break;
            case ScreeningCleared cleared when cleared.Counterparty == CounterpartyId && LatestScreening?.Lists.Equals(cleared.Lists) == true:
                LatestReview ??= cleared;
                break;
            case ScreeningConfirmed confirmed when confirmed.Counterparty == CounterpartyId && LatestScreening?.Lists.Equals(confirmed.Lists) == true:
                LatestReview ??= confirmed;
                break;
        }
    }

    /// <summary>
    /// The list source a screening's hit is on: the source of the version in <see cref="CounterpartyScreened.Lists"/>
    /// (<c>&lt;source&gt;:&lt;sha256&gt;</c>) its matched entry (<c>&lt;source&gt;:&lt;list uid&gt;</c>) belongs to; null for no hit.
    /// </summary>
    public static string? HitListOf(CounterpartyScreened screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        if (screening is not { Hit: true, MatchedEntry: { } matched })
        {
            return null;
        }

        string? best = null;
        foreach (string version in screening.Lists)
        {
            int colon = version.LastIndexOf(':');
            string source = colon > 0 ? version[..colon] : version;
            if (matched.Length > source.Length && matched[source.Length] == ':' && matched.StartsWith(source, StringComparison.Ordinal)
                && (best is null || source.Length > best.Length))
            {
                best = source;
            }
        }

        return best;
    }

    /// <summary>The counterparty an entry concerns, or null for every other kind.</summary>
    public static string? CounterpartyOf(LedgerEntry entry) => entry switch
    {
        CounterpartyRegistered e => e.Counterparty,
        CounterpartyScreened e => e.Counterparty,
        ScreeningCleared e => e.Counterparty,
        ScreeningConfirmed e => e.Counterparty,
        _ => null,
    };
}
