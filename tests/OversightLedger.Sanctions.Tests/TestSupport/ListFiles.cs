namespace OversightLedger.Sanctions.Tests.TestSupport;

/// <summary>The UN and EU list files of this test project (<c>Data/</c>, found from the repository root: CI runs a fresh clone).</summary>
internal static class ListFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);
    private static readonly Lazy<byte[]> UnBytes = new(() => File.ReadAllBytes(Path("un", "consolidated.xml")));
    private static readonly Lazy<SanctionsList> ParsedUn = new(() => UnConsolidatedXmlParser.Parse(UnBytes.Value));

    /// <summary>The UN Security Council Consolidated List of 2026-02-27, whole.</summary>
    public static byte[] UnConsolidated => UnBytes.Value;

    /// <summary><see cref="UnConsolidated"/> parsed once for the run.</summary>
    public static SanctionsList UnList => ParsedUn.Value;

    /// <summary>The excerpt of the EU FSF XML export of 2026-08-05 (five entities).</summary>
    public static byte[] EuExcerpt => File.ReadAllBytes(Path("eu", "sample_eu_fsf.xml"));

    /// <summary>The same five entities in the EU FSF CSV export's layout (<c>Data/eu/sample_eu_fsf.csv</c>, derived from <see cref="EuExcerpt"/>).</summary>
    public static byte[] EuCsvExcerpt => File.ReadAllBytes(Path("eu", "sample_eu_fsf.csv"));

    /// <summary>A file under <c>tests/OversightLedger.Sanctions.Tests/Data</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OversightLedger.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "tests", "OversightLedger.Sanctions.Tests", "Data");
            }
        }

        throw new InvalidOperationException("The repository root (OversightLedger.sln) was not found above the test binaries.");
    }
}
