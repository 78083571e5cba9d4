using System.Security.Cryptography;
using System.Text;
using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Parsing;

public sealed class EuConsolidatedCsvParserTests
{
    private static readonly SanctionsList Csv = EuConsolidatedCsvParser.Parse(ListFiles.EuCsvExcerpt, fileName: "sample_eu_fsf.csv");
    private static readonly SanctionsList Xml = EuConsolidatedXmlParser.Parse(ListFiles.EuExcerpt);

    private static string Text => Encoding.UTF8.GetString(ListFiles.EuCsvExcerpt);

    private static SanctionsEntry Entry(string logicalId) => Csv.Entries.Single(e => e.Id == logicalId);

    [Fact]
    public void TheRowsOfEachEntityAreMergedIntoOneEntryWithTheFilesVersion()
    {
        string[] rows = Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int distinctIds = Csv.Entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count();

        Assert.True(rows.Length > 10 * Csv.Entries.Count / 2, "the file has many rows per entity");
        Assert.Equal(distinctIds, Csv.Entries.Count);
        Assert.Equal(Xml.Entries.Select(e => e.Id), Csv.Entries.Select(e => e.Id));
        Assert.Equal(Csv.Entries.Count, Csv.Version.EntryCount);
        Assert.Equal("EU-FSF", Csv.Version.Source);
        Assert.Equal(new DateOnly(2026, 8, 5), Csv.Version.PublicationDate);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ListFiles.EuCsvExcerpt)), Csv.Version.Sha256);
        Assert.Equal("sample_eu_fsf.csv", Csv.Version.Files.Single().FileName);
    }

    [Fact]
    public void EachEntryReadsAsTheXmlExportReadsTheSameEntity()
    {
        foreach (SanctionsEntry fromXml in Xml.Entries)
        {
            SanctionsEntry fromCsv = Entry(fromXml.Id);
            Assert.Equal(fromXml.Name, fromCsv.Name);
            Assert.Equal(fromXml.Kind, fromCsv.Kind);
            Assert.Equal(fromXml.Aliases.Order(StringComparer.Ordinal), fromCsv.Aliases.Order(StringComparer.Ordinal));
            Assert.Equal(fromXml.Countries.Order(StringComparer.Ordinal), fromCsv.Countries.Order(StringComparer.Ordinal));
            Assert.Equal(fromXml.DatesOfBirth.ToHashSet(), fromCsv.DatesOfBirth.ToHashSet());
            Assert.Equal(fromXml.Identifiers.Order(StringComparer.Ordinal), fromCsv.Identifiers.Order(StringComparer.Ordinal));
            Assert.Subset(fromXml.Programs.ToHashSet(), fromCsv.Programs.ToHashSet());
            Assert.Equal(fromXml.Remarks, fromCsv.Remarks);
        }
    }

    [Fact]
    public void AKnownPersonHasTheFirstRecordedNameAliasesDatesAndPassport()
    {
        SanctionsEntry mohammed = Entry("191");

        Assert.Equal("Khalid Sheikh MOHAMMED", mohammed.Name);
        Assert.Equal(EntryKind.Individual, mohammed.Kind);
        Assert.Contains("Ali Salem", mohammed.Aliases);
        Assert.Equal([new PartialDate(1965, 4, 14), new PartialDate(1964, 3, 1)], mohammed.DatesOfBirth);
        Assert.Equal(["PAKISTAN"], mohammed.Countries);
        Assert.Equal(["488555"], mohammed.Identifiers);
    }

    [Fact]
    public void AnEnterpriseIsAnEntityAndAnIslamicDateCountsByItsGregorianDate()
    {
        Assert.Equal(EntryKind.Entity, Entry("3822").Kind);
        Assert.Contains("IRAN", Entry("3822").Countries);
        Assert.Equal([new PartialDate(1982, 4, 18), new PartialDate(1982, 4, 19)], Entry("6177").DatesOfBirth);
    }

    [Fact]
    public void AFileWithoutByteOrderMarkOrWithCrLfLineEndsReadsTheSame()
    {
        byte[] withoutBom = ListFiles.EuCsvExcerpt[3..];
        byte[] crlf = Encoding.UTF8.GetBytes(Text.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(ListFiles.EuCsvExcerpt[..3], Encoding.UTF8.Preamble.ToArray());
        Assert.Equal(Csv.Entries.Select(e => e.Name), EuConsolidatedCsvParser.Parse(withoutBom).Entries.Select(e => e.Name));
        Assert.Equal(Csv.Entries.Select(e => (e.Id, e.Name, e.Aliases.Count)), EuConsolidatedCsvParser.Parse(crlf).Entries.Select(e => (e.Id, e.Name, e.Aliases.Count)));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void ATruncatedFileIsRefused(double share)
    {
        byte[] bytes = ListFiles.EuCsvExcerpt;
        // Cut inside a row (not at its end): move back to the middle of the line the cut falls in.
        int cut = (int)(bytes.Length * share);
        while (bytes[cut - 1] == (byte)'\n' || bytes[cut] == (byte)'\n')
        {
            cut--;
        }

        var error = Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse(bytes[..cut], fileName: "cut.csv"));
        Assert.Equal("cut.csv", error.FileName);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void AFileWithoutItsHeaderIsRefused()
    {
        string withoutHeader = string.Join('\n', Text.Split('\n').Skip(1));

        var error = Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse(Encoding.UTF8.GetBytes(withoutHeader)));
        Assert.Contains("Entity_LogicalId", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithAnotherDelimiterIsRefused()
    {
        string commas = Text.Replace(';', ',');

        var error = Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse(Encoding.UTF8.GetBytes(commas)));
        Assert.Contains("';'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnterminatedQuoteARowWithoutIdAnEntityWithoutNameOrAnEmptyFileIsRefused()
    {
        string header = Text.Split('\n')[0];
        int columns = header.Split(';').Length;
        string Row(string id, string name) =>
            string.Join(';', header.Split(';').Select(h => h.TrimStart('\uFEFF') switch
            {
                "Entity_LogicalId" => id,
                "NameAlias_WholeName" => name,
                "Entity_SubjectType_ClassificationCode" => "person",
                _ => string.Empty,
            }));

        Assert.Equal(columns, Row("1", "A B").Split(';').Length);
        Assert.Single(EuConsolidatedCsvParser.Parse(Encoding.UTF8.GetBytes(header + "\n" + Row("1", "A B") + "\n")).Entries);
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse(Encoding.UTF8.GetBytes(header + "\n" + Row("1", "\"A B") + "\n")));
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse(Encoding.UTF8.GetBytes(header + "\n" + Row("", "A B") + "\n")));
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse(Encoding.UTF8.GetBytes(header + "\n" + Row("1", "") + "\n")));
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse(Encoding.UTF8.GetBytes(header + "\n")));
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse([]));
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedCsvParser.Parse([0xff, 0xfe, 0x00]));
    }
}
