using OversightLedger.Domain.Entries;
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
    /// <summary>The most changes of one source kept to re-screen against (a counterparty further behind is screened in full).</summary>
    public const int MaxChangesKept = 64;

    private readonly SortedDictionary<string, SanctionsList> _bySource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SanctionsListChange>> _changes = new(StringComparer.Ordinal);
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
            string source = list.Version.Source;
            if (_bySource.TryGetValue(source, out SanctionsList? previous) && previous.Version.Sha256 != list.Version.Sha256)
            {
                if (!_changes.TryGetValue(source, out List<SanctionsListChange>? chain))
                {
                    _changes[source] = chain = [];
                }

                chain.Add(SanctionsListChange.Between(previous, list));
                if (chain.Count > MaxChangesKept)
                {
                    chain.RemoveAt(0);
                }
            }

            _bySource[source] = list;
            _current = new LoadedSanctions([.. _bySource.Values], _changes.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// Whether the changes of the lists since a screening against <paramref name="screenedAgainst"/> (versions as the
    /// screening entry names them) that found <paramref name="matchIds"/> can change its result: <c>Affected</c> when one
    /// of those matches changed or was removed, or <paramref name="query"/> matches a new or changed entry (scored as in
    /// the whole index, down to <see cref="ReportFloor"/>); <c>Unaffected</c> otherwise; <c>Unknown</c> when this silo
    /// did not see every change since (a restart, a list added or dropped): screen in full. Nothing is recorded.
    /// </summary>
    public ListChangeImpact ImpactOfChanges(ScreeningQuery query, NameSet screenedAgainst, IReadOnlyCollection<string> matchIds)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(screenedAgainst);
        ArgumentNullException.ThrowIfNull(matchIds);
        if (_current is not { } current || screenedAgainst.Count != current.Versions.Count)
        {
            return ListChangeImpact.Unknown;
        }

        var screened = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string version in screenedAgainst)
        {
            int colon = version.LastIndexOf(':');
            if (colon <= 0)
            {
                return ListChangeImpact.Unknown;
            }

            screened[version[..colon]] = version[(colon + 1)..];
        }

        var changes = new Dictionary<string, SanctionsListChange>(StringComparer.Ordinal);
        foreach (SanctionsListVersion version in current.Versions)
        {
            if (!screened.TryGetValue(version.Source, out string? sha256))
            {
                return ListChangeImpact.Unknown;
            }

            if (sha256 != version.Sha256)
            {
                if (current.ChangeSince(version.Source, sha256) is not { } change)
                {
                    return ListChangeImpact.Unknown;
                }

                changes[version.Source] = change;
            }
        }

        foreach (string matchId in matchIds)
        {
            int colon = matchId.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && changes.TryGetValue(matchId[..colon], out SanctionsListChange? change)
                && (change.ChangedIds.Contains(matchId[(colon + 1)..]) || change.RemovedIds.Contains(matchId[(colon + 1)..])))
            {
                return ListChangeImpact.Affected;
            }
        }

        if (changes.Count == 0)
        {
            return ListChangeImpact.Unaffected;
        }

        IReadOnlyList<ScreeningMatch> matches = current.Index.Screen(
            query, Math.Min(ReportFloor, Threshold), 1, entry => changes.TryGetValue(current.SourceOf(entry), out SanctionsListChange? change) && change.ChangedIds.Contains(entry.Id));
        return matches.Count > 0 ? ListChangeImpact.Affected : ListChangeImpact.Unaffected;
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
