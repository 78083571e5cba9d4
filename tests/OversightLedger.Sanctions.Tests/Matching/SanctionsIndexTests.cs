using System.Globalization;
using OversightLedger.Sanctions.Tests.TestSupport;
using Sylvan.Data.Csv;

namespace OversightLedger.Sanctions.Tests.Matching;

public sealed class SanctionsIndexTests
{
    private static SanctionsIndex SampleIndex() =>
        SanctionsIndex.Build(OfacSdnCsvParser.ParseDirectory(SanctionsData.Path("ofac-sdn-csv-sample")));

    [Fact]
    public void AnAliasFindsItsEntryAndSaysItWasAnAlias()
    {
        IReadOnlyList<ScreeningMatch> matches = SampleIndex().Screen(new ScreeningQuery("Hesa Trade Centre"));

        ScreeningMatch match = Assert.Single(matches, m => m.Entry.Id == "11195");
        Assert.True(match.Explanation.MatchedAlias);
        Assert.Equal("HESA TRADE CENTER", match.Explanation.MatchedName);
    }

    [Fact]
    public void ReorderedMisspelledNameFindsTheEntryOnTheFullList()
    {
        IReadOnlyList<ScreeningMatch> matches = SanctionsData.FullSdnIndex.Screen(new ScreeningQuery("Ussama bin Muhamad bin Awad Bin Laden"));

        Assert.Equal("6365", matches[0].Entry.Id);
        Assert.InRange(matches[0].Score, SanctionsIndex.DefaultThreshold, 1.0);
    }

    [Fact]
    public void TheIndexFindsWhatScanningEveryNameFinds()
    {
        SanctionsList sample = OfacSdnCsvParser.ParseDirectory(SanctionsData.Path("ofac-sdn-csv-sample"));
        SanctionsIndex index = SanctionsIndex.Build(sample);
        foreach (string query in new[] { "Elvis Logan Morey", "Dmitri Khoroshev", "Iran Aircraft Manufacturing", "Frunze", "Artiom Lifshits", "Suex OTC" })
        {
            double scanned = sample.Entries
                .SelectMany(e => e.Aliases.Prepend(e.Name).Select(n => (e.Id, Score: NameMatcher.Compare(query, n).NameScore)))
                .Where(x => x.Score >= 0.7).Select(x => x.Score).DefaultIfEmpty(0).Max();
            double indexed = index.Screen(new ScreeningQuery(query), 0.7).Select(m => m.Score).DefaultIfEmpty(0).Max();

            // The index weighs rare tokens more, so scores differ a little; it must not lose what a scan finds.
            Assert.True(scanned < 0.7 || indexed >= 0.7, $"{query}: scan {scanned:0.00}, index {indexed:0.00}");
        }
    }

    [Fact]
    public void DateOfBirthThatFitsRaisesTheScoreAndOneThatDoesNotLowersIt()
    {
        SanctionsIndex index = SampleIndex();
        const string name = "Elvis Angus Logan Morey";

        double alone = index.Screen(new ScreeningQuery(name), 0).Single(m => m.Entry.Id == "10278").Score;
        ScreeningMatch fits = index.Screen(new ScreeningQuery(name, DateOfBirth: new DateOnly(1963, 7, 28)), 0).Single(m => m.Entry.Id == "10278");
        ScreeningMatch differs = index.Screen(new ScreeningQuery(name, DateOfBirth: new DateOnly(1990, 1, 1)), 0).Single(m => m.Entry.Id == "10278");

        Assert.True(fits.Score >= alone);
        Assert.True(differs.Score < alone);
        Assert.Contains(fits.Explanation.Features, f => f is { Feature: "date-of-birth", Agreement: FeatureAgreement.Agrees });
        Assert.Contains(differs.Explanation.Features, f => f is { Feature: "date-of-birth", Agreement: FeatureAgreement.Disagrees });
    }

    [Fact]
    public void CountryAndIdentifierAreCompared()
    {
        SanctionsIndex index = SampleIndex();

        ScreeningMatch match = index.Screen(new ScreeningQuery("Iran Aircraft Manufacturing Industrial Co", "Iran", Identifier: "26740"), 0)
            .Single(m => m.Entry.Id == "11195");

        Assert.Contains(match.Explanation.Features, f => f is { Feature: "country", Agreement: FeatureAgreement.Agrees });
        Assert.Contains(match.Explanation.Features, f => f is { Feature: "identifier", Agreement: FeatureAgreement.Agrees });
        Assert.True(match.Score > match.Explanation.NameScore);
    }

    [Fact]
    public void AThresholdKeepsOnlyWhatReachesIt()
    {
        IReadOnlyList<ScreeningMatch> loose = SanctionsData.FullSdnIndex.Screen(new ScreeningQuery("Kim Jong Un"), 0.6, 50);
        IReadOnlyList<ScreeningMatch> strict = SanctionsData.FullSdnIndex.Screen(new ScreeningQuery("Kim Jong Un"), 0.95, 50);

        Assert.All(strict, m => Assert.True(m.Score >= 0.95));
        Assert.True(loose.Count > strict.Count);
        Assert.Equal(loose.Select(m => m.Score).OrderByDescending(s => s), loose.Select(m => m.Score));
    }

    [Fact]
    public void AQueryWithoutLettersMatchesNothing()
    {
        Assert.Empty(SanctionsData.FullSdnIndex.Screen(new ScreeningQuery(" ,.-' "), 0));
    }

    [Fact]
    public void SyntheticNegativesRarelyHitAtTheDefaultThreshold()
    {
        int total = 0;
        int hits = 0;
        using CsvDataReader reader = CsvDataReader.Create(SanctionsData.Path("name-matching", "yente-negatives_us_small.csv"));
        while (reader.Read())
        {
            total++;
            DateOnly? dob = DateOnly.TryParse(reader.GetString(5), CultureInfo.InvariantCulture, out DateOnly d) ? d : null;
            hits += SanctionsData.FullSdnIndex.Screen(new ScreeningQuery(reader.GetString(0), reader.GetString(7), dob), SanctionsIndex.DefaultThreshold, 1).Count;
        }

        Assert.Equal(1000, total);
        Assert.True(hits <= total / 100, $"{hits} of {total} synthetic negatives hit (target: at most 1%)");
    }
}
