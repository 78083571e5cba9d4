using System.Text;
using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Parsing;

public sealed class OfacXmlParserTests
{
    private static byte[] Consolidated() => File.ReadAllBytes(SanctionsData.Path("ofac-consolidated-xml", "consolidated.xml"));

    [Fact]
    public void ConsolidatedListLoadsItsRecordCountWithStructuredAliasesAndDates()
    {
        SanctionsList list = OfacXmlParser.Parse(Consolidated(), "OFAC-CONSOLIDATED", "consolidated.xml");
        SanctionsEntry haniya = list.Entries.Single(e => e.Id == "9639");

        Assert.Equal(443, list.Version.EntryCount);
        Assert.Equal(new DateOnly(2024, 5, 6), list.Version.PublicationDate);
        Assert.Equal("HANIYA, Ismail Abdul Salah", haniya.Name);
        Assert.Equal(EntryKind.Individual, haniya.Kind);
        Assert.Contains("HANIYYA, Ismaeel", haniya.Aliases);
        Assert.Contains(new PartialDate(1962, null, null), haniya.DatesOfBirth);
        Assert.Equal(["NS-PLC"], haniya.Programs);
    }

    [Fact]
    public void TruncatedXmlIsRefused()
    {
        byte[] xml = Consolidated();

        var error = Assert.Throws<SanctionsListFormatException>(() => OfacXmlParser.Parse(xml[..(xml.Length / 2)], "OFAC-CONSOLIDATED", "consolidated.xml"));

        Assert.Equal("consolidated.xml", error.FileName);
    }

    [Fact]
    public void AnEntryMissingAgainstRecordCountIsRefused()
    {
        string text = Encoding.UTF8.GetString(Consolidated());
        int start = text.IndexOf("<sdnEntry>", StringComparison.Ordinal);
        int end = text.IndexOf("</sdnEntry>", start, StringComparison.Ordinal) + "</sdnEntry>".Length;
        byte[] shortened = Encoding.UTF8.GetBytes(text.Remove(start, end - start));

        var error = Assert.Throws<SanctionsListFormatException>(() => OfacXmlParser.Parse(shortened, "OFAC-CONSOLIDATED"));

        Assert.Contains("Record_Count", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ScreeningFindsAnAliasOfTheXmlList()
    {
        SanctionsIndex index = SanctionsIndex.Build(OfacXmlParser.Parse(Consolidated(), "OFAC-CONSOLIDATED"));

        ScreeningMatch match = index.Screen(new ScreeningQuery("Ismaeel Haniyya")).First();

        Assert.Equal("9639", match.Entry.Id);
    }
}
