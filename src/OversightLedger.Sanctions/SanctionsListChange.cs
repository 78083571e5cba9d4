namespace OversightLedger.Sanctions;

/// <summary>
/// What changed from one version of a list to the next: the ids of the entries that are new or whose screened content
/// (name, kind, programs, aliases, countries, dates of birth, identifiers) differs, and the ids no longer listed. A
/// counterparty screened against <see cref="FromSha256"/> needs screening again only against <see cref="ChangedIds"/>,
/// and in full when one of its matches is among <see cref="ChangedIds"/> or <see cref="RemovedIds"/>.
/// </summary>
/// <param name="Source">The list, e.g. <c>OFAC-SDN</c>.</param>
/// <param name="FromSha256">The version changed from.</param>
/// <param name="ToSha256">The version changed to.</param>
/// <param name="ChangedIds">Entries new in, or changed by, the later version.</param>
/// <param name="RemovedIds">Entries the later version no longer lists.</param>
public sealed record SanctionsListChange(string Source, string FromSha256, string ToSha256, IReadOnlySet<string> ChangedIds, IReadOnlySet<string> RemovedIds)
{
    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/>, two versions of one source.</summary>
    /// <exception cref="ArgumentException">The lists are of different sources.</exception>
    public static SanctionsListChange Between(SanctionsList before, SanctionsList after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Version.Source != after.Version.Source)
        {
            throw new ArgumentException($"A change is between two versions of one list, not '{before.Version.Source}' and '{after.Version.Source}'.", nameof(after));
        }

        var previous = new Dictionary<string, SanctionsEntry>(StringComparer.Ordinal);
        foreach (SanctionsEntry entry in before.Entries)
        {
            previous.TryAdd(entry.Id, entry);
        }

        var changed = new HashSet<string>(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (SanctionsEntry entry in after.Entries)
        {
            kept.Add(entry.Id);
            if (!previous.TryGetValue(entry.Id, out SanctionsEntry? old) || !SameScreenedContent(old, entry))
            {
                changed.Add(entry.Id);
            }
        }

        var removed = new HashSet<string>(previous.Keys.Where(id => !kept.Contains(id)), StringComparer.Ordinal);
        return new SanctionsListChange(after.Version.Source, before.Version.Sha256, after.Version.Sha256, changed, removed);
    }

    /// <summary>This change followed by <paramref name="next"/> (from this one's later version) as one change.</summary>
    /// <exception cref="ArgumentException"><paramref name="next"/> does not start where this change ends.</exception>
    public SanctionsListChange Then(SanctionsListChange next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Source != Source || next.FromSha256 != ToSha256)
        {
            throw new ArgumentException($"The change from {next.Source}:{next.FromSha256} does not follow the one to {Source}:{ToSha256}.", nameof(next));
        }

        // An entry touched by either change is changed (or removed, when the later version no longer lists it).
        var changed = new HashSet<string>(next.ChangedIds, StringComparer.Ordinal);
        changed.UnionWith(ChangedIds.Where(id => !next.RemovedIds.Contains(id)));
        var removed = new HashSet<string>(next.RemovedIds, StringComparer.Ordinal);
        removed.UnionWith(RemovedIds.Where(id => !next.ChangedIds.Contains(id)));
        return new SanctionsListChange(Source, FromSha256, next.ToSha256, changed, removed);
    }

    private static bool SameScreenedContent(SanctionsEntry a, SanctionsEntry b) =>
        a.Name == b.Name
        && a.Kind == b.Kind
        && a.Programs.SequenceEqual(b.Programs, StringComparer.Ordinal)
        && a.Aliases.SequenceEqual(b.Aliases, StringComparer.Ordinal)
        && a.Countries.SequenceEqual(b.Countries, StringComparer.Ordinal)
        && a.DatesOfBirth.SequenceEqual(b.DatesOfBirth)
        && a.Identifiers.SequenceEqual(b.Identifiers, StringComparer.Ordinal);
}
