using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Changes;

public sealed class SanctionsListChangeTests
{
    private static SanctionsList Sample() => OfacSdnCsvParser.ParseDirectory(SanctionsData.Path("ofac-sdn-csv-sample"));

    private static SanctionsList Version(SanctionsList list, string sha256, IEnumerable<SanctionsEntry> entries) =>
        new(list.Version with { Sha256 = sha256 }, [.. entries]);

    private static SanctionsEntry NewEntry(string id, string name) => new(id, name, EntryKind.Entity, ["SDGT"], [], [], [], [], "");

    [Fact]
    public void The_same_entries_in_a_new_file_are_no_change()
    {
        SanctionsList before = Sample();
        SanctionsList reparsed = Version(Sample(), "b", Sample().Entries);

        SanctionsListChange change = SanctionsListChange.Between(before, reparsed);

        Assert.Empty(change.ChangedIds);
        Assert.Empty(change.RemovedIds);
        Assert.Equal((before.Version.Sha256, "b"), (change.FromSha256, change.ToSha256));
    }

    [Fact]
    public void Added_changed_and_removed_entries_are_told_apart_and_remarks_alone_are_no_change()
    {
        SanctionsList before = Sample();
        SanctionsEntry aliased = before.Entries[0];
        SanctionsEntry remarked = before.Entries[1];
        SanctionsEntry dropped = before.Entries[2];
        SanctionsEntry moved = before.Entries[3];
        var entries = before.Entries.Skip(4).ToList();
        entries.Add(aliased with { Aliases = [.. aliased.Aliases, "A NEW ALIAS"] });
        entries.Add(remarked with { Remarks = remarked.Remarks + " (edited)" });
        entries.Add(moved with { Countries = [.. moved.Countries, "Yemen"] });
        entries.Add(NewEntry("99999901", "QUILLON MARSH TRADING COMPANY"));

        SanctionsListChange change = SanctionsListChange.Between(before, Version(before, "b", entries));

        Assert.Equal(new[] { aliased.Id, moved.Id, "99999901" }.Order(StringComparer.Ordinal), change.ChangedIds.Order(StringComparer.Ordinal));
        Assert.Equal([dropped.Id], change.RemovedIds);
    }

    [Fact]
    public void Two_changes_in_a_row_read_as_one()
    {
        SanctionsList a = Sample();
        SanctionsEntry first = a.Entries[0];
        SanctionsEntry second = a.Entries[1];
        SanctionsList b = Version(a, "b", a.Entries.Where(e => e.Id != first.Id).Append(NewEntry("X1", "ONE")));
        SanctionsList c = Version(a, "c", b.Entries.Where(e => e.Id != "X1" && e.Id != second.Id).Append(first).Append(NewEntry("X2", "TWO")));

        SanctionsListChange combined = SanctionsListChange.Between(a, b).Then(SanctionsListChange.Between(b, c));

        // `first` went and came back (a change, as far as a screening against A knows); X1 came and went (removed: it never
        // mattered to A, and a removed id is harmless); `second` went; X2 is new.
        Assert.Equal(new[] { first.Id, "X2" }.Order(StringComparer.Ordinal), combined.ChangedIds.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { second.Id, "X1" }.Order(StringComparer.Ordinal), combined.RemovedIds.Order(StringComparer.Ordinal));
        Assert.Equal((a.Version.Sha256, "c"), (combined.FromSha256, combined.ToSha256));
        Assert.Throws<ArgumentException>(() => SanctionsListChange.Between(b, c).Then(SanctionsListChange.Between(a, b)));
    }

    [Fact]
    public void Two_sources_are_not_one_change()
    {
        SanctionsList a = Sample();
        SanctionsList other = new(a.Version with { Source = "UN-SC-CONSOLIDATED" }, a.Entries);

        Assert.Throws<ArgumentException>(() => SanctionsListChange.Between(a, other));
    }

    [Fact]
    public void A_screening_restricted_to_some_entries_scores_them_as_the_whole_index_does()
    {
        SanctionsIndex index = SanctionsData.FullSdnIndex;
        var query = new ScreeningQuery("Ussama bin Muhamad bin Awad Bin Laden");
        IReadOnlyList<ScreeningMatch> all = index.Screen(query, 0.5, 10);
        string kept = all[1].Entry.Id;

        IReadOnlyList<ScreeningMatch> only = index.Screen(query, 0.5, 10, e => e.Id == kept);

        ScreeningMatch match = Assert.Single(only);
        Assert.Equal(kept, match.Entry.Id);
        Assert.Equal(all[1].Score, match.Score);
        Assert.Empty(index.Screen(query, 0.5, 10, _ => false));
    }
}
