using System.Text;
using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Parsing;

public sealed class SanctionsListReaderTests
{
    [Theory]
    [InlineData("ofac-csv", SanctionsListFormat.OfacCsv)]
    [InlineData("ofac-xml", SanctionsListFormat.OfacXml)]
    [InlineData("UN-XML", SanctionsListFormat.UnXml)]
    [InlineData(" eu-xml ", SanctionsListFormat.EuXml)]
    [InlineData("EU-CSV", SanctionsListFormat.EuCsv)]
    public void FormatNamesRoundTrip(string name, SanctionsListFormat expected)
    {
        Assert.True(SanctionsListReader.TryParseFormat(name, out SanctionsListFormat format));
        Assert.Equal(expected, format);
        Assert.Equal(name.Trim().ToLowerInvariant(), SanctionsListReader.FormatName(format));
    }

    [Theory]
    [InlineData("")]
    [InlineData("csv")]
    [InlineData("2")]
    [InlineData("un_xml")]
    [InlineData(null)]
    public void AnUnknownFormatNameIsRefused(string? name)
    {
        Assert.False(SanctionsListReader.TryParseFormat(name, out _));
        var error = Assert.Throws<ArgumentException>(() => SanctionsListReader.ParseFormat(name!));
        Assert.Contains("un-xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANumericFormatOutsideTheEnumIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SanctionsListReader.Read((SanctionsListFormat)42, ListFiles.EuExcerpt));
        Assert.Throws<ArgumentOutOfRangeException>(() => SanctionsListReader.FormatName((SanctionsListFormat)(-1)));
    }

    [Fact]
    public void EachFormatIsReadByItsParser()
    {
        SanctionsList un = SanctionsListReader.Read(SanctionsListFormat.UnXml, ListFiles.UnConsolidated);
        SanctionsList eu = SanctionsListReader.Read(SanctionsListFormat.EuXml, ListFiles.EuExcerpt);
        SanctionsList ofacXml = SanctionsListReader.ReadFile(SanctionsListFormat.OfacXml, SanctionsData.Path("ofac-consolidated-xml", "consolidated.xml"), "OFAC-CONSOLIDATED");
        SanctionsList ofacCsv = SanctionsListReader.ReadFile(SanctionsListFormat.OfacCsv, SanctionsData.Path("ofac-sdn-csv-sample"));

        Assert.Equal((ListFiles.UnList.Version.Sha256, ListFiles.UnList.Version.EntryCount), (un.Version.Sha256, un.Version.EntryCount));
        Assert.Equal(EuConsolidatedXmlParser.Parse(ListFiles.EuExcerpt).Entries.Count, eu.Entries.Count);
        Assert.Equal(("UN-SC-CONSOLIDATED", "EU-FSF", "OFAC-CONSOLIDATED", "OFAC-SDN"), (un.Version.Source, eu.Version.Source, ofacXml.Version.Source, ofacCsv.Version.Source));
        Assert.Equal("consolidated.xml", ofacXml.Version.Files[0].FileName);
        Assert.Equal(OfacSdnCsvParser.ParseDirectory(SanctionsData.Path("ofac-sdn-csv-sample")).Entries.Count, ofacCsv.Entries.Count);
        Assert.True(ofacCsv.Version.Files.Count > 1, "the side files beside sdn.csv are read too");
        SanctionsList euCsv = SanctionsListReader.ReadFile(SanctionsListFormat.EuCsv, ListFiles.Path("eu", "sample_eu_fsf.csv"));
        Assert.Equal(("EU-FSF", "sample_eu_fsf.csv"), (euCsv.Version.Source, euCsv.Version.Files[0].FileName));
        Assert.Equal(eu.Entries.Count, euCsv.Entries.Count);
    }

    [Fact]
    public void AConfiguredSourceNameIsTheVersionsSource()
    {
        SanctionsList ofac = SanctionsListReader.Read(SanctionsListFormat.OfacCsv, File.ReadAllBytes(SanctionsData.Path("ofac-sdn-csv-sample", "sdn.csv")), "OFAC-SDN-MIRROR");
        SanctionsList un = SanctionsListReader.Read(SanctionsListFormat.UnXml, ListFiles.UnConsolidated, "UN-1267", "un.xml");

        Assert.Equal("OFAC-SDN-MIRROR", ofac.Version.Source);
        Assert.Equal(("UN-1267", "un.xml"), (un.Version.Source, un.Version.Files[0].FileName));
    }

    [Fact]
    public void AFileReadAsTheWrongFormatIsRefused()
    {
        Assert.Throws<SanctionsListFormatException>(() => SanctionsListReader.Read(SanctionsListFormat.EuXml, ListFiles.UnConsolidated));
        Assert.Throws<SanctionsListFormatException>(() => SanctionsListReader.Read(SanctionsListFormat.OfacXml, ListFiles.EuExcerpt));
        Assert.Throws<SanctionsListFormatException>(() => SanctionsListReader.Read(SanctionsListFormat.OfacCsv, ListFiles.EuExcerpt));
        Assert.Throws<SanctionsListFormatException>(() => SanctionsListReader.Read(SanctionsListFormat.UnXml, Encoding.UTF8.GetBytes("not xml at all")));
        Assert.Throws<SanctionsListFormatException>(() => SanctionsListReader.Read(SanctionsListFormat.EuCsv, ListFiles.EuExcerpt));
        Assert.Throws<SanctionsListFormatException>(() => SanctionsListReader.Read(SanctionsListFormat.EuXml, ListFiles.EuCsvExcerpt));
    }
}
