using OversightLedger.Sanctions;

namespace OversightLedger.Grains.Sanctions;

/// <summary>
/// The sanctions lists in force in this silo, by source, and screening against them. The host loads the configured
/// files at start and replaces a source only with a list that parsed: a malformed file leaves the previous version in
/// force. Thread-safe: readers see one whole <see cref="LoadedSanctions"/> or the next.
/// </summary>
public sealed class SanctionsLists
{
    /// <summary>Matches below this are not reported (they explain nothing useful); the best score then counts as 0.</summary>
    public const double ReportFloor = 0.5;

    /// <summary>The most matches a screening reports.</summary>
    public const int MaxMatches = 5;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, SanctionsList> _bySource = new(StringComparer.Ordinal);
    private volatile LoadedSanctions? _current;

    /// <summary>The hit threshold: a best score at or above it is a hit (default <see cref="SanctionsIndex.DefaultThreshold"/>).</summary>
    public double Threshold { get; set; } = SanctionsIndex.DefaultThreshold;

    /// <summary>The lists in force, or null when none is loaded.</summary>
    public LoadedSanctions? Current => _current;

    /// <summary>Puts <paramref name="list"/> in force for its source, replacing that source's previous version.</summary>
    public void Replace(SanctionsList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        lock (_gate)
        {
            _bySource[list.Version.Source] = list;
            _current = new LoadedSanctions([.. _bySource.Values]);
        }
    }

    /// <summary>Screens <paramref name="query"/> against the lists in force; null when none is loaded. Nothing is recorded.</summary>
    public ScreeningResult? Screen(ScreeningQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_current is not { } current)
        {
            return null;
        }

        IReadOnlyList<ScreeningMatch> matches = current.Index.Screen(query, Math.Min(ReportFloor, Threshold), MaxMatches);
        double best = matches.Count > 0 ? matches[0].Score : 0;
        // Truncated, not rounded: a score below the threshold is never written as one at or above it, nor the reverse.
        decimal written = Math.Clamp(decimal.Truncate((decimal)best * 10_000m) / 10_000m, 0m, 1m);
        return new ScreeningResult(current.VersionNames, written, best >= Threshold, matches, [.. matches.Select(m => current.EntryIdOf(m.Entry))]);
    }
}
