using OversightLedger.Domain.Entries;
using OversightLedger.Sanctions;

namespace OversightLedger.Grains.Sanctions;

/// <summary>The lists in force: one index over all of them, and their versions (<c>&lt;source&gt;:&lt;sha256&gt;</c>, as screenings name them).</summary>
public sealed class LoadedSanctions
{
    private readonly Dictionary<SanctionsEntry, string> _sourceOf = new(ReferenceEqualityComparer.Instance);

    /// <summary>Indexes <paramref name="lists"/> (one per source).</summary>
    public LoadedSanctions(IReadOnlyCollection<SanctionsList> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
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

    /// <summary>An entry's id as the log names it: <c>&lt;source&gt;:&lt;the list's id&gt;</c>, e.g. <c>OFAC-SDN:306</c>.</summary>
    public string EntryIdOf(SanctionsEntry entry) => (_sourceOf.TryGetValue(entry, out string? source) ? source : "?") + ":" + entry.Id;
}
