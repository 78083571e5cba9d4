using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>Counts the screening entries for <see cref="ScreeningSection"/>: one small state per counterparty, one version per list.</summary>
internal sealed class ScreeningCounter
{
    private readonly Dictionary<string, CounterpartyScreeningState> _counterparties = new(StringComparer.Ordinal);
    private readonly HashSet<string> _screenedInQuarter = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ScreeningListVersion> _lists = new(StringComparer.Ordinal);
    private long _screenings;
    private long _hits;
    private long _cleared;
    private long _confirmed;

    /// <summary>Counts <paramref name="entry"/> when it is a screening entry; the reason it is not counted, or null.</summary>
    public string? Count(LedgerEntry entry, ulong leaf, bool inQuarter) => entry switch
    {
        CounterpartyRegistered registered => _counterparties.TryAdd(registered.Counterparty, new CounterpartyScreeningState())
            ? null
            : $"the counterparty '{registered.Counterparty}' was registered before",
        CounterpartyScreened screened => Screened(screened, inQuarter),
        ScreeningReview review => Reviewed(review, inQuarter),
        SanctionsListLoaded loaded => Loaded(loaded, leaf),
        _ => null,
    };

    /// <summary>The section, or null when the log read registers no counterparty and records no list.</summary>
    public ScreeningSection? Build() => _counterparties.Count == 0 && _lists.Count == 0
        ? null
        : new ScreeningSection(
            _counterparties.Count, _screenings, _screenedInQuarter.Count, _hits, _cleared, _confirmed,
            _counterparties.Values.Count(c => c is { LatestHit: true, Reviewed: false, Confirmed: false }),
            _counterparties.Values.Count(c => c.Confirmed),
            [.. _lists.Values]);

    private string? Screened(CounterpartyScreened screened, bool inQuarter)
    {
        if (!_counterparties.TryGetValue(screened.Counterparty, out CounterpartyScreeningState? state))
        {
            return $"the counterparty '{screened.Counterparty}' is not registered";
        }

        state.LatestHit = screened.Hit;
        state.Reviewed = false;
        if (inQuarter)
        {
            _screenings++;
            _screenedInQuarter.Add(screened.Counterparty);
            if (screened.Hit)
            {
                _hits++;
            }
        }

        return null;
    }

    private string? Reviewed(ScreeningReview review, bool inQuarter)
    {
        if (!_counterparties.TryGetValue(review.Counterparty, out CounterpartyScreeningState? state))
        {
            return $"the counterparty '{review.Counterparty}' is not registered";
        }

        state.Reviewed = true;
        bool confirmed = review is ScreeningConfirmed;
        state.Confirmed |= confirmed;
        if (inQuarter)
        {
            if (confirmed)
            {
                _confirmed++;
            }
            else
            {
                _cleared++;
            }
        }

        return null;
    }

    private string? Loaded(SanctionsListLoaded loaded, ulong leaf)
    {
        _lists[loaded.Source] = new ScreeningListVersion(loaded.Source, loaded.PublicationDate, loaded.Sha256, loaded.EntryCount, loaded.Time, leaf);
        return null;
    }

    private sealed class CounterpartyScreeningState
    {
        public bool LatestHit { get; set; }

        public bool Reviewed { get; set; }

        public bool Confirmed { get; set; }
    }
}
