using OversightLedger.Domain.Entries;
using OversightLedger.Sanctions;

namespace OversightLedger.Grains.Sanctions;

/// <summary>The lists in force: one index over all of them, and their versions (<c>&lt;source&gt;:&lt;sha256&gt;</c>, as screenings name them).</summary>
public sealed class LoadedSanctions
{
    private readonly Dictionary<SanctionsEntry, string> _sourceOf = new(ReferenceEqualityComparer.Instance);
    private readonly IReadOnlyDictionary<string, SanctionsListChange[]> _changes;

    /// <summary>Indexes <paramref name="lists"/> (one per source), with no change known.</summary>
    public LoadedSanctions(IReadOnlyCollection<SanctionsList> lists)
        : this(lists, new Dictionary<string, SanctionsListChange[]>())
    {
    }

    /// <summary>
    /// Indexes <paramref name="lists"/> (one per source); <paramref name="changes"/> holds, per source, the changes this
    /// silo saw that lead to the version in force, oldest first.
    /// </summary>
    public LoadedSanctions(IReadOnlyCollection<SanctionsList> lists, IReadOnlyDictionary<string, SanctionsListChange[]> changes)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(changes);
        _changes = changes;
        Index = SanctionsIndex.Build(lists);
        Versions = [.. lists.Select(l => l.Version)];
        VersionNames = new NameSet(Versions.Select(v => v.Source + ":" + v.Sha256));
        foreach (SanctionsList list in lists)
        {
            foreach (SanctionsEntry entry in list.Entries)
            {
                _sourceOf[entry] = list.Version.Source;
            }
        }
    }

    /// <summary>The index over every list.</summary>
    public SanctionsIndex Index { get; }

    /// <summary>The versions in force, by source name.</summary>
    public IReadOnlyList<SanctionsListVersion> Versions { get; }

    /// <summary>The versions as a screening entry names them.</summary>
    public NameSet VersionNames { get; }

    /// <summary>The source (list) <paramref name="entry"/> belongs to.</summary>
    public string SourceOf(SanctionsEntry entry) => _sourceOf.TryGetValue(entry, out string? source) ? source : "?";

    /// <summary>
    /// What changed in <paramref name="source"/> from its version <paramref name="sha256"/> to the one in force, as one
    /// change; null when this silo did not see every step (e.g. the version was in force before a restart).
    /// </summary>
    public SanctionsListChange? ChangeSince(string source, string sha256)
    {
        if (!_changes.TryGetValue(source, out SanctionsListChange[]? chain))
        {
            return null;
        }

        int first = Array.FindIndex(chain, c => c.FromSha256 == sha256);
        if (first < 0)
        {
            return null;
        }

        SanctionsListChange change = chain[first];
        for (int i = first + 1; i < chain.Length; i++)
        {
            change = change.Then(chain[i]);
        }

        return change;
    }

    /// <summary>An entry's id as the log names it: <c>&lt;source&gt;:&lt;the list's id&gt;</c>, e.g. <c>OFAC-SDN:306</c>.</summary>
    public string EntryIdOf(SanctionsEntry entry) => SourceOf(entry) + ":" + entry.Id;
}
