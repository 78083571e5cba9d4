using OversightLedger.Sanctions.Tests.TestSupport;
using Sylvan.Data.Csv;

namespace OversightLedger.Sanctions.Tests.Matching;

public sealed class NameMatcherTests
{
    private const double Threshold = SanctionsIndex.DefaultThreshold;

    private static List<(string Query, string Result, int Ofac)> Fixtures()
    {
        var rows = new List<(string, string, int)>();
        using CsvDataReader reader = CsvDataReader.Create(SanctionsData.Path("name-matching", "nomenklatura-ofac_fixtures.csv"));
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return rows;
    }

    [Fact]
    public void ReorderedNamesScoreAlike()
    {
        double listOrder = NameMatcher.Compare("PUTIN VLADIMIR", "PUTIN, Vladimir").NameScore;
        double givenFirst = NameMatcher.Compare("VLADIMIR PUTIN", "PUTIN, Vladimir").NameScore;

        Assert.Equal(listOrder, givenFirst, 6);
        Assert.True(givenFirst >= Threshold);
    }

    [Fact]
    public void DiacriticsCaseAndPunctuationDoNotMatter()
    {
        double plain = NameMatcher.Compare("VLADIMIR PUTIN", "PUTIN, Vladimir").NameScore;

        Assert.Equal(plain, NameMatcher.Compare("vladímír pütin", "PUTIN, Vladimir").NameScore, 6);
        Assert.Equal(plain, NameMatcher.Compare("Putin; Vladimir.", "PUTIN, Vladimir").NameScore, 6);
    }

    [Fact]
    public void CyrillicIsTransliterated()
    {
        // OFAC's own search does not find this pair (the fixture's -1); transliteration does.
        Assert.Contains(Fixtures(), f => f.Query == "Владимир Путин" && f.Ofac == -1);
        Assert.True(NameMatcher.Compare("Владимир Путин", "PUTIN, Vladimir").NameScore >= Threshold);
    }

    [Fact]
    public void FixtureTyposOfTheSamePersonAreHits()
    {
        // Pairs OFAC scores >= 97 whose query is a misspelling, transliteration or reordering of the listed name.
        (string Query, string Listed)[] pairs =
        [
            ("VLADIMR PUTIN", "PUTIN, Vladimir"), ("VLADIMIR PUTNI", "PUTIN, Vladimir"), ("POUTINE VLADIMIR", "PUTIN, Vladimir"),
            ("OSAMA BIN LADEN", "BIN LADIN, Osama"), ("USAMA BIN LADIN", "BIN LADEN, Usama"), ("ASSAD BASHAR", "AL-ASAD, Bashar"),
        ];
        foreach ((string query, string listed) in pairs)
        {
            MatchExplanation explanation = NameMatcher.Compare(query, listed);
            Assert.True(explanation.NameScore >= Threshold, $"{query} vs {listed}: {explanation.Describe()}");
        }
    }

    [Fact]
    public void ADifferentSurnameWithTheSameGivenNameIsNoHit()
    {
        // OFAC scores these 88-90; they are other people.
        foreach ((string query, string result, int ofac) in Fixtures().Where(f => f.Query == "VLADIMIR PUTIN" && f.Result.StartsWith("VLADIMIR ", StringComparison.Ordinal)))
        {
            Assert.True(ofac >= 85);
            Assert.True(NameMatcher.Compare(query, result).NameScore < Threshold, result);
        }
    }

    [Fact]
    public void ScoresAreInTheUnitIntervalAndRankLikeOfac()
    {
        var rows = Fixtures();
        double[] ours = [.. rows.Select(r => NameMatcher.Compare(r.Query, r.Result).NameScore)];

        Assert.All(ours, score => Assert.InRange(score, 0, 1));

        // Within each query, OFAC's best result should not be ranked below OFAC's worst by us, in most groups.
        var groups = rows.Select((r, i) => (r, score: ours[i])).Where(x => x.r.Ofac > 0).GroupBy(x => x.r.Query).Where(g => g.Count() >= 3).ToList();
        int agreeing = groups.Count(g => g.MaxBy(x => x.r.Ofac).score >= g.MinBy(x => x.r.Ofac).score);
        Assert.True(agreeing >= groups.Count * 0.8, $"{agreeing} of {groups.Count} query groups rank OFAC's best at least as high as its worst");
    }

    [Fact]
    public void ExplanationNamesTheTokenPairsAndWhatWasLeftOver()
    {
        MatchExplanation explanation = NameMatcher.Compare("PUTIN VLADIMR", "PUTIN, Vladimir Vladimirovich");

        Assert.Contains(explanation.Tokens, t => t is { QueryToken: "PUTIN", NameToken: "PUTIN", Similarity: 1.0 });
        Assert.Contains(explanation.Tokens, t => t.QueryToken == "VLADIMR" && t.NameToken == "VLADIMIR" && t.Similarity < 1.0);
        Assert.Equal(["VLADIMIROVICH"], explanation.UnmatchedNameTokens);
        Assert.Empty(explanation.UnmatchedQueryTokens);
        Assert.Contains("VLADIMR≈VLADIMIR", explanation.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunTogetherNamesMatchTheirParts()
    {
        Assert.True(NameMatcher.Compare("BASHIRUDDIN MAHMOOD", "MAHMOOD, Bashir-Ud-Din").NameScore >= Threshold);
        Assert.True(NameMatcher.Compare("AL-QAEDA", "ALQAEDA").NameScore >= Threshold);
    }
}
