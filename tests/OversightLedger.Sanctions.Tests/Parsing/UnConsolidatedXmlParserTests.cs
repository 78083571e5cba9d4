using System.Security.Cryptography;
using System.Text;
using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Parsing;

public sealed class UnConsolidatedXmlParserTests
{
    private static SanctionsEntry Entry(string reference) => ListFiles.UnList.Entries.Single(e => e.Id == reference);

    private static string Text() => Encoding.UTF8.GetString(ListFiles.UnConsolidated);

    [Fact]
    public void TheWholeListLoadsEveryIndividualAndEntityWithItsVersion()
    {
        SanctionsList list = ListFiles.UnList;
        string text = Text();
        int individuals = CountOf(text, "<INDIVIDUAL>");
        int entities = CountOf(text, "<ENTITY>");

        Assert.True(individuals > 700 && entities > 250, $"{individuals} individuals, {entities} entities in the file");
        Assert.Equal(individuals, list.Entries.Count(e => e.Kind == EntryKind.Individual));
        Assert.Equal(entities, list.Entries.Count(e => e.Kind == EntryKind.Entity));
        Assert.Equal(individuals + entities, list.Version.EntryCount);
        Assert.Equal("UN-SC-CONSOLIDATED", list.Version.Source);
        Assert.Equal(new DateOnly(2026, 2, 27), list.Version.PublicationDate);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ListFiles.UnConsolidated)), list.Version.Sha256);
        Assert.Equal(ListFiles.UnConsolidated.LongLength, list.Version.Files.Single().Length);
        Assert.Equal(list.Entries.Count, list.Entries.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void AKnownIndividualHasAliasesDateOfBirthNationalityAndProgram()
    {
        SanctionsEntry zawahiri = Entry("QDi.006");

        Assert.Equal("AIMAN MUHAMMED RABI AL-ZAWAHIRI", zawahiri.Name);
        Assert.Equal(EntryKind.Individual, zawahiri.Kind);
        Assert.Contains("Ayman Al-Zawahari", zawahiri.Aliases);
        Assert.Contains(new PartialDate(1951, 6, 19), zawahiri.DatesOfBirth);
        Assert.Contains("Egypt", zawahiri.Countries);
        Assert.Equal(["Al-Qaida"], zawahiri.Programs);
        Assert.DoesNotContain(zawahiri.Name, zawahiri.Aliases);
    }

    [Fact]
    public void AKnownEntityHasItsAliasesAndCountries()
    {
        SanctionsEntry fdlr = Entry("CDe.005");

        Assert.Equal(EntryKind.Entity, fdlr.Kind);
        Assert.Equal("FORCES DEMOCRATIQUES DE LIBERATION DU RWANDA (FDLR)", fdlr.Name);
        Assert.Contains("FOCA", fdlr.Aliases);
        Assert.Contains("Combatant Force for the Liberation of Rwanda", fdlr.Aliases);
        Assert.Equal(["Democratic Republic of the Congo"], fdlr.Countries);
        Assert.Empty(fdlr.DatesOfBirth);
    }

    [Fact]
    public void EmptyAliasElementsGiveNoAlias()
    {
        string text = Text();
        int start = text.IndexOf("<REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>", StringComparison.Ordinal);
        string badege = text[start..text.IndexOf("</INDIVIDUAL>", start, StringComparison.Ordinal)];

        Assert.Contains("<ALIAS_NAME/>", badege, StringComparison.Ordinal);
        Assert.Empty(Entry("CDi.001").Aliases);
        Assert.DoesNotContain(ListFiles.UnList.Entries, e => e.Aliases.Any(string.IsNullOrWhiteSpace));
    }

    [Fact]
    public void PaddedNamePartsAreTrimmedAndJoined()
    {
        Assert.Contains("<FIRST_NAME> GEDO </FIRST_NAME>", Text(), StringComparison.Ordinal);
        Assert.Equal("GEDO HAMDAN AHMED", Entry("SDi.007").Name);
        Assert.DoesNotContain(ListFiles.UnList.Entries, e => e.Name != e.Name.Trim() || e.Name.Contains("  ", StringComparison.Ordinal));
    }

    [Fact]
    public void DatesOfBirthAreReadInEveryFormTheFileUses()
    {
        Assert.Equal([new PartialDate(1971, null, null)], Entry("CDi.001").DatesOfBirth);
        Assert.Equal(
            [.. Enumerable.Range(1955, 4).Concat(Enumerable.Range(1945, 6)).Select(y => new PartialDate(y, null, null))],
            Entry("TAi.002").DatesOfBirth);
        Assert.Equal([new PartialDate(1973, 11, null)], Entry("CDi.004").DatesOfBirth);
        Assert.Equal([new PartialDate(1958, 9, null)], Entry("QDi.395").DatesOfBirth);
        Assert.Contains(new PartialDate(1977, null, null), Entry("QDi.306").DatesOfBirth);
        Assert.Contains(new PartialDate(1961, 8, null), Entry("CFi.009").DatesOfBirth);
        Assert.Contains(new PartialDate(1964, 9, 18), Entry("CFi.009").DatesOfBirth);
    }

    [Fact]
    public void DatesOfBirthThatAreNoGregorianYearAreSkipped()
    {
        // QDi.291 also states "24/06/1402 (Hijri Calendar)"; LYi.022 "30-35 years old"; CDi.002 an empty element.
        Assert.Equal([new PartialDate(1982, 4, 19), new PartialDate(1982, 4, 18)], Entry("QDi.291").DatesOfBirth);
        Assert.Empty(Entry("LYi.022").DatesOfBirth);
        Assert.Empty(Entry("CDi.002").DatesOfBirth);
        Assert.DoesNotContain(ListFiles.UnList.Entries.SelectMany(e => e.DatesOfBirth), d => d.Year < 1900 || d.Year > 2026);
    }

    [Fact]
    public void AnEntityListedUnderTwoJoinedNamesHasEachAsAnAlias()
    {
        SanctionsEntry airline = Entry("CDe.003");

        Assert.Contains(" ; ", airline.Name, StringComparison.Ordinal);
        Assert.Contains("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", airline.Aliases);
        Assert.Contains("GREAT LAKES BUSINESS COMPANY (GLBC)", airline.Aliases);
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        byte[] xml = ListFiles.UnConsolidated;

        var error = Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse(xml[..(xml.Length / 2)]));

        Assert.Equal("consolidated.xml", error.FileName);
        Assert.Contains("truncated", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileCutAfterAWholeEntryIsRefused()
    {
        string text = Text();
        int cut = text.IndexOf("</INDIVIDUAL>", text.Length / 3, StringComparison.Ordinal) + "</INDIVIDUAL>".Length;

        Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes(text[..cut])));
    }

    [Fact]
    public void AnotherListsFileIsRefusedByItsRoot()
    {
        var error = Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse(ListFiles.EuExcerpt));

        Assert.Contains("<export>", error.Reason, StringComparison.Ordinal);
        Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse(File.ReadAllBytes(SanctionsData.Path("ofac-consolidated-xml", "consolidated.xml"))));
    }

    [Fact]
    public void AnEmptyFileOrAListWithoutEntriesIsRefused()
    {
        Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse([]));
        string text = Text();
        string emptied = text[..(text.IndexOf("<INDIVIDUALS>", StringComparison.Ordinal) + "<INDIVIDUALS>".Length)] + "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>";

        var error = Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes(emptied)));

        Assert.Contains("no entries", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryTwiceOrWithoutNameIsRefused()
    {
        string text = Text();
        int start = text.IndexOf("<INDIVIDUAL>", StringComparison.Ordinal);
        int end = text.IndexOf("</INDIVIDUAL>", start, StringComparison.Ordinal) + "</INDIVIDUAL>".Length;
        string first = text[start..end];

        var twice = Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes(text.Insert(end, first))));
        string nameless = text.Remove(start, end - start).Insert(start, first.Replace("<FIRST_NAME>ERIC</FIRST_NAME>", "<FIRST_NAME/>", StringComparison.Ordinal).Replace("<SECOND_NAME>BADEGE</SECOND_NAME>", string.Empty, StringComparison.Ordinal));
        var unnamed = Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes(nameless)));

        Assert.Contains("twice", twice.Reason, StringComparison.Ordinal);
        Assert.Contains("name", unnamed.Reason, StringComparison.Ordinal);
        Assert.NotNull(unnamed.Line);
    }

    [Fact]
    public void ADocumentTypeDeclarationIsRefusedNotExpanded()
    {
        string bomb = """<?xml version="1.0"?><!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>X</REFERENCE_NUMBER><FIRST_NAME>&b;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>""";

        Assert.Throws<SanctionsListFormatException>(() => UnConsolidatedXmlParser.Parse(Encoding.UTF8.GetBytes(bomb)));
    }

    private static int CountOf(string text, string element)
    {
        int count = 0;
        for (int at = text.IndexOf(element, StringComparison.Ordinal); at >= 0; at = text.IndexOf(element, at + element.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
