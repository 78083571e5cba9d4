using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Matching;

public sealed class UnListScreeningTests
{
    private static readonly Lazy<SanctionsIndex> UnIndex = new(() => SanctionsIndex.Build(ListFiles.UnList));

    [Fact]
    public void AListedNameWithTokensSwappedAndDiacriticsRemovedIsAHit()
    {
        SanctionsEntry bozize = ListFiles.UnList.Entries.Single(e => e.Id == "CFi.001");
        Assert.Equal("FRANÇOIS YANGOUVONDA BOZIZÉ", bozize.Name);

        ScreeningMatch best = UnIndex.Value.Screen(new ScreeningQuery("Bozize Francois Yangouvonda")).First();

        Assert.Equal("CFi.001", best.Entry.Id);
        Assert.True(best.Score >= SanctionsIndex.DefaultThreshold, $"score {best.Score}");
    }

    [Fact]
    public void AnAliasOfTheUnListIsFoundAndADateOfBirthThatFitsRaisesTheScore()
    {
        SanctionsIndex index = UnIndex.Value;

        ScreeningMatch byName = index.Screen(new ScreeningQuery("Zawahari Ayman")).First();
        ScreeningMatch withDate = index.Screen(new ScreeningQuery("Zawahari Ayman", DateOfBirth: new DateOnly(1951, 6, 19))).First();
        IReadOnlyList<ScreeningMatch> wrongDate = index.Screen(new ScreeningQuery("Zawahari Ayman", DateOfBirth: new DateOnly(1990, 1, 1)), threshold: 0);

        Assert.Equal("QDi.006", byName.Entry.Id);
        Assert.Equal("QDi.006", withDate.Entry.Id);
        Assert.True(withDate.Score >= byName.Score, $"{withDate.Score} < {byName.Score}");
        Assert.True(wrongDate.Single(m => m.Entry.Id == "QDi.006").Score < byName.Score);
    }

    [Fact]
    public void AnEntityIsFoundByItsAcronymAlias()
    {
        IReadOnlyList<ScreeningMatch> matches = UnIndex.Value.Screen(new ScreeningQuery("Forces Democratiques de Liberation du Rwanda"));

        Assert.Equal("CDe.005", matches.First().Entry.Id);
    }

    [Fact]
    public void AnUnrelatedNameIsNoHit()
    {
        Assert.Empty(UnIndex.Value.Screen(new ScreeningQuery("Margaret Thompson-Whitfield")));
    }

    [Fact]
    public void TheUnAndEuListsScreenTogether()
    {
        SanctionsList eu = EuConsolidatedXmlParser.Parse(ListFiles.EuExcerpt);
        SanctionsIndex both = SanctionsIndex.Build(ListFiles.UnList, eu);

        IReadOnlyList<ScreeningMatch> asiri = both.Screen(new ScreeningQuery("Ibrahim Hassan Tali Al-Asiri", DateOfBirth: new DateOnly(1982, 4, 19)));

        Assert.Equal(ListFiles.UnList.Entries.Count + eu.Entries.Count, both.EntryCount);
        Assert.Contains(asiri, m => m.Entry.Id == "6177");
        Assert.Contains(asiri, m => m.Entry.Id == "QDi.291");
    }
}
