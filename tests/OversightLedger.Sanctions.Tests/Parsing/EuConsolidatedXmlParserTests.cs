using System.Security.Cryptography;
using System.Text;
using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Parsing;

public sealed class EuConsolidatedXmlParserTests
{
    private static readonly SanctionsList Excerpt = EuConsolidatedXmlParser.Parse(ListFiles.EuExcerpt, fileName: "sample_eu_fsf.xml");

    private static SanctionsEntry Entry(string logicalId) => Excerpt.Entries.Single(e => e.Id == logicalId);

    [Fact]
    public void TheExcerptLoadsEveryEntityWithItsVersion()
    {
        string text = Encoding.UTF8.GetString(ListFiles.EuExcerpt);
        int entities = text.Split("<sanctionEntity ").Length - 1;

        Assert.Equal(entities, Excerpt.Version.EntryCount);
        Assert.Equal(entities, Excerpt.Entries.Count);
        Assert.Equal(text.Split("<subjectType code=\"person\"").Length - 1, Excerpt.Entries.Count(e => e.Kind == EntryKind.Individual));
        Assert.Equal("EU-FSF", Excerpt.Version.Source);
        Assert.Equal(new DateOnly(2026, 8, 5), Excerpt.Version.PublicationDate);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ListFiles.EuExcerpt)), Excerpt.Version.Sha256);
        Assert.Equal("sample_eu_fsf.xml", Excerpt.Version.Files.Single().FileName);
    }

    [Fact]
    public void AKnownPersonHasTheFirstRecordedNameAndEveryOtherAsAlias()
    {
        SanctionsEntry mohammed = Entry("191");

        Assert.Equal("Khalid Sheikh MOHAMMED", mohammed.Name);
        Assert.Equal(EntryKind.Individual, mohammed.Kind);
        Assert.Contains("Bin Khalid Fahd Bin Abdallah", mohammed.Aliases);
        Assert.Contains("Ali Salem", mohammed.Aliases);
        Assert.Equal(6, mohammed.Aliases.Count);
        Assert.Equal([new PartialDate(1965, 4, 14), new PartialDate(1964, 3, 1)], mohammed.DatesOfBirth);
        Assert.Equal(["PAKISTAN"], mohammed.Countries);
        Assert.Equal(["TERR"], mohammed.Programs);
        Assert.Equal(["488555"], mohammed.Identifiers);
    }

    [Fact]
    public void ACircaDateRangeGivesItsYearsAndCitizenshipItsCountry()
    {
        SanctionsEntry jan = Entry("521");

        Assert.Equal([.. Enumerable.Range(1953, 6).Select(y => new PartialDate(y, null, null))], jan.DatesOfBirth);
        Assert.Equal(["AFGHANISTAN"], jan.Countries);
        Assert.Contains("Afghanistan/ Pakistan border area", jan.Remarks, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIslamicCalendarDateCountsByItsGregorianDateOnly()
    {
        SanctionsEntry asiri = Entry("6177");

        Assert.Contains("calendarType=\"ISLAMIC\"", Encoding.UTF8.GetString(ListFiles.EuExcerpt), StringComparison.Ordinal);
        Assert.Equal([new PartialDate(1982, 4, 18), new PartialDate(1982, 4, 19)], asiri.DatesOfBirth);
        Assert.Equal("Ibrahim Hassan Tali Al-Asiri", asiri.Name);
        Assert.Contains("إبراهيم حسن طالع عسيري", asiri.Aliases);
        Assert.Contains("F654645", asiri.Identifiers);
        Assert.Contains("SAUDI ARABIA", asiri.Countries);
        Assert.Contains("YEMEN", asiri.Countries);
    }

    [Fact]
    public void AnEnterpriseIsAnEntityWithItsRegistrationNumberAndCountryAlsoWithoutItsParenthesis()
    {
        SanctionsEntry parchin = Entry("3822");

        Assert.Equal(EntryKind.Entity, parchin.Kind);
        Assert.Equal("Parchin Chemical Industries (PCI)", parchin.Name);
        Assert.Contains("صنایع شیمیایی پارچین", parchin.Aliases);
        Assert.Contains("Tionscail Ceimiceán Parchin", parchin.Aliases);
        Assert.Equal(["IRAN (ISLAMIC REPUBLIC OF)", "IRAN"], parchin.Countries);
        Assert.Equal(["892"], parchin.Identifiers);
        Assert.Equal(["IRN"], parchin.Programs);
        Assert.Empty(parchin.DatesOfBirth);
    }

    [Fact]
    public void UnknownCountriesAreSkipped()
    {
        Assert.Equal(["LIBYA"], Entry("6106").Countries);
        Assert.DoesNotContain(Excerpt.Entries.SelectMany(e => e.Countries), c => c == "UNKNOWN" || c == "00");
    }

    [Fact]
    public void ATruncatedExportIsRefused()
    {
        byte[] xml = ListFiles.EuExcerpt;
        string text = Encoding.UTF8.GetString(xml);
        int cutAfterEntity = text.IndexOf("</sanctionEntity>", StringComparison.Ordinal) + "</sanctionEntity>".Length;

        var error = Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedXmlParser.Parse(xml[..(xml.Length / 2)]));
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes(text[..cutAfterEntity])));

        Assert.Contains("truncated", error.Reason, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void AnotherListsFileOrAnEmptyOneIsRefused()
    {
        var wrongRoot = Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedXmlParser.Parse(ListFiles.UnConsolidated));

        Assert.Contains("<CONSOLIDATED_LIST>", wrongRoot.Reason, StringComparison.Ordinal);
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedXmlParser.Parse([]));
        Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes("""<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-08-05T16:47:04.449+02:00"/>""")));
    }

    [Fact]
    public void AnEntityWithoutAnyNameOrTwiceIsRefused()
    {
        string text = Encoding.UTF8.GetString(ListFiles.EuExcerpt);
        int start = text.IndexOf("<sanctionEntity designationDate=\"2001-01-25\"", StringComparison.Ordinal);
        int end = text.IndexOf("</sanctionEntity>", start, StringComparison.Ordinal) + "</sanctionEntity>".Length;
        string jan = text[start..end];
        string nameless = System.Text.RegularExpressions.Regex.Replace(jan, "wholeName=\"[^\"]*\"", "wholeName=\"\"");

        var unnamed = Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes(text.Replace(jan, nameless, StringComparison.Ordinal))));
        var twice = Assert.Throws<SanctionsListFormatException>(() => EuConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes(text.Insert(end, jan))));

        Assert.Contains("name", unnamed.Reason, StringComparison.Ordinal);
        Assert.Contains("521", twice.Reason, StringComparison.Ordinal);
    }
}
