namespace OversightLedger.Reporting.Tests.Rendering;

/// <summary>
/// The IATI 2.03 validation kit in <c>shared/iati</c> beside the repository (or under <c>$OVERSIGHT_SHARED</c>): the
/// schemas, the codelists and the example files, found the way the other test projects find <c>shared/vectors</c>.
/// </summary>
internal static class SharedIatiKit
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The kit's folder.</summary>
    public static string Folder => Path.Combine(Root.Value, "iati");

    /// <summary><c>iati-activities-schema.xsd</c> (it includes <c>iati-common.xsd</c> and imports <c>xml.xsd</c> beside it).</summary>
    public static string ActivitySchema => Path.Combine(Folder, "iati-activities-schema.xsd");

    /// <summary>The codelist folder.</summary>
    public static string Codelists => Path.Combine(Folder, "codelists");

    /// <summary>The codelist mapping (XPath → codelist) of IATI-Codelists.</summary>
    public static string Mapping => Path.Combine(Codelists, "mapping.xml");

    /// <summary>The v1-style sample that must fail 2.03 validation.</summary>
    public static string InvalidLegacyExample => Path.Combine(Folder, "legacy-v1-worked-example.INVALID-against-2.03.xml");

    /// <summary>The file names of the kit's should-pass examples (<c>test-*.xml</c> and the annotated standard example).</summary>
    public static IEnumerable<string> ValidExampleNames =>
        Directory.EnumerateFiles(Folder, "*.xml")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.StartsWith("test-", StringComparison.Ordinal) || name == "activity-standard-example-annotated.xml")
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("OVERSIGHT_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "iati")))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OversightLedger.sln")))
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                if (Directory.Exists(Path.Combine(candidate, "iati")) && File.Exists(Path.Combine(candidate, "DESIGN.md")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "The shared IATI kit was not found: put the shared folder (with DESIGN.md and iati/) beside the repository, or set OVERSIGHT_SHARED.");
    }
}
