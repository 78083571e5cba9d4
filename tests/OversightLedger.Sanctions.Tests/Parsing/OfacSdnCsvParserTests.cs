using System.Security.Cryptography;
using System.Text;
using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Sanctions.Tests.Parsing;

public sealed class OfacSdnCsvParserTests
{
    private static byte[] Sample(string file) => File.ReadAllBytes(SanctionsData.Path("ofac-sdn-csv-sample", file));

    private static SanctionsList ParseSample() => OfacSdnCsvParser.ParseDirectory(SanctionsData.Path("ofac-sdn-csv-sample"));

    private static SanctionsEntry Entry(SanctionsList list, string id) => list.Entries.Single(e => e.Id == id);

    [Fact]
    public void FullListLoadsEveryEntryOfItsReadme()
    {
        SanctionsList list = SanctionsData.FullSdn;
        byte[] bytes = File.ReadAllBytes(SanctionsData.Path("ofac-sdn-full", "sdn.csv"));

        // The counts the data's README states (14,965 entries: 6,854 individuals, 851 vessels, 376 aircraft).
        Assert.Equal(14_965, list.Version.EntryCount);
        Assert.Equal(14_965, list.Entries.Count);
        Assert.Equal(6_854, list.Entries.Count(e => e.Kind == EntryKind.Individual));
        Assert.Equal(851, list.Entries.Count(e => e.Kind == EntryKind.Vessel));
        Assert.Equal(376, list.Entries.Count(e => e.Kind == EntryKind.Aircraft));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), list.Version.Sha256);
        Assert.Equal("OFAC-SDN", list.Version.Source);
        Assert.Single(list.Version.Files);
    }

    [Fact]
    public void FullListReadsAliasesDatesAndCountriesFromTheRemarks()
    {
        SanctionsEntry binLadin = Entry(SanctionsData.FullSdn, "6365");

        Assert.Equal(EntryKind.Individual, binLadin.Kind);
        Assert.Contains(new PartialDate(1957, 7, 30), binLadin.DatesOfBirth);
        Assert.Contains(new PartialDate(1958, null, null), binLadin.DatesOfBirth);
        Assert.Contains("Saudi Arabia", binLadin.Countries);
        Assert.Contains(SanctionsData.FullSdn.Entries, e => e.Aliases.Count > 0);
        Assert.DoesNotContain(SanctionsData.FullSdn.Entries, e => e.Name.Contains('\u001a', StringComparison.Ordinal) || e.Remarks.EndsWith('\u001a'));
    }

    [Fact]
    public void NullsAreEmptyAndProgramJoinsAreSplit()
    {
        SanctionsList list = ParseSample();
        SanctionsEntry hesa = Entry(list, "11195");
        SanctionsEntry avionics = Entry(list, "19709");

        Assert.Equal(EntryKind.Entity, hesa.Kind);
        Assert.Equal(["NPWMD", "IFSR", "IRAN-CON-ARMS-EO"], hesa.Programs);
        Assert.Equal(["SDGT", "IFSR"], avionics.Programs);
        Assert.DoesNotContain(list.Entries, e => e.Name.Contains("-0-", StringComparison.Ordinal) || e.Countries.Contains("-0-"));
    }

    [Fact]
    public void SampleJoinsAliasRowsRemarkAliasesAddressesAndComments()
    {
        SanctionsList list = ParseSample();
        SanctionsEntry hesa = Entry(list, "11195");
        SanctionsEntry suex = Entry(list, "33151");

        Assert.Contains("HESA TRADE CENTER", hesa.Aliases);
        Assert.Contains("HTC", hesa.Aliases);
        Assert.Contains("Iran", hesa.Countries);
        Assert.Contains("26740", hesa.Identifiers);

        // The alias only the continuation in sdn_comments.csv names.
        Assert.Contains("SUCCESSFUL EXCHANGE", suex.Aliases);
        Assert.Contains("Czech Republic", suex.Countries);
        Assert.Equal(4, list.Version.Files.Count);
    }

    [Fact]
    public void DanglingSideRowsAreCountedNotFatal()
    {
        SanctionsList list = ParseSample();
        var ids = list.Entries.Select(e => e.Id).ToHashSet();
        int expected = new[] { "alt.csv", "add.csv", "sdn_comments.csv" }
            .Sum(file => Encoding.ASCII.GetString(Sample(file)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Count(line => !ids.Contains(line.Split(',')[0])));

        Assert.True(expected > 0, "the sample is known to hold dangling rows");
        Assert.Equal(expected, list.Version.DanglingRowCount);
    }

    [Fact]
    public void TruncatedFileIsRefused()
    {
        byte[] full = File.ReadAllBytes(SanctionsData.Path("ofac-sdn-full", "sdn.csv"));
        string text = Encoding.ASCII.GetString(full);

        // Cut inside a quoted remark, and cut after the name of a row (too few columns).
        int insideQuote = text.IndexOf("DOB 30 Jul 1957", StringComparison.Ordinal);
        int afterName = text.IndexOf("\"BIN LADIN, Usama bin Muhammad bin Awad\",", StringComparison.Ordinal) + 41;

        foreach (int cut in new[] { insideQuote, afterName })
        {
            var error = Assert.Throws<SanctionsListFormatException>(() => OfacSdnCsvParser.Parse(full[..cut]));
            Assert.Equal("sdn.csv", error.FileName);
        }
    }

    [Fact]
    public void WrongColumnCountIsRefusedWithItsLine()
    {
        string text = Encoding.ASCII.GetString(Sample("sdn.csv"));
        string[] lines = text.Split("\r\n");
        lines[2] = lines[2] + ",\"an extra column\"";

        var error = Assert.Throws<SanctionsListFormatException>(() => OfacSdnCsvParser.Parse(Encoding.ASCII.GetBytes(string.Join("\r\n", lines))));

        Assert.Equal(3, error.Line);
        Assert.Contains("13 columns", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongColumnCountInASideFileIsRefused()
    {
        byte[] alt = Encoding.ASCII.GetBytes("11195,11591,\"aka\",\"HESA TRADE CENTER\"\r\n");

        var error = Assert.Throws<SanctionsListFormatException>(() => OfacSdnCsvParser.Parse(Sample("sdn.csv"), alt));

        Assert.Equal("alt.csv", error.FileName);
    }

    [Fact]
    public void GarbageIsRefused()
    {
        var random = new Random(16);
        byte[] binary = new byte[4096];
        random.NextBytes(binary);
        byte[] prose = Encoding.UTF8.GetBytes("This is not a sanctions list.\nIt has lines, but no columns.\n");
        byte[] badNumber = Encoding.ASCII.GetBytes("abc,\"NAME\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");
        byte[] badType = Encoding.ASCII.GetBytes("12,\"NAME\",\"spaceship\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");

        foreach (byte[] garbage in new[] { binary, prose, badNumber, badType, [] })
        {
            Assert.Throws<SanctionsListFormatException>(() => OfacSdnCsvParser.Parse(garbage));
        }
    }

    [Fact]
    public void TrailingControlCharacterIsTolerated()
    {
        byte[] sdn = [.. Sample("sdn.csv"), 0x1A];

        SanctionsList list = OfacSdnCsvParser.Parse(sdn);

        Assert.Equal(ParseSample().Entries.Count, list.Entries.Count);
    }

    [Fact]
    public void DifferentBytesGiveADifferentVersionDigest()
    {
        byte[] sdn = Sample("sdn.csv");
        byte[] changed = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(sdn).Replace("MORENO, Daniel", "MORENO, Danielle", StringComparison.Ordinal));

        Assert.NotEqual(OfacSdnCsvParser.Parse(sdn).Version.Sha256, OfacSdnCsvParser.Parse(changed).Version.Sha256);
    }
}
