using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OversightLedger.Domain.Tests.Repository;

/// <summary>
/// docs/ARCHITECTURE.md's project table against the project files: every project under <c>src/</c> and <c>tests/</c>
/// has a row, and the row's "depends on" cell names exactly the projects its <c>ProjectReference</c>s name (by the
/// part after <c>OversightLedger.</c>, e.g. <c>Grains.Interfaces</c>), so adding or dropping a reference without the
/// doc fails here. Other words in the cell (packages, notes) are free.
/// </summary>
public sealed partial class ArchitectureProjectTableTests
{
    private const string Prefix = "OversightLedger.";

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static TheoryData<string> Projects => [.. ProjectFiles().Select(path => Path.GetRelativePath(Root.Value, path).Replace('\\', '/'))];

    [Fact]
    public void The_table_has_a_row_for_every_project_and_none_for_a_project_that_is_gone()
    {
        IReadOnlyDictionary<string, string> rows = TableRows();
        string[] projects = [.. ProjectFiles().Select(ProjectDirectory)];
        Assert.NotEmpty(projects);
        Assert.All(projects, project => Assert.True(rows.ContainsKey(project), $"docs/ARCHITECTURE.md's project table has no row for {project}"));
        Assert.All(rows.Keys, row => Assert.True(projects.Contains(row), $"docs/ARCHITECTURE.md's project table has a row for {row}, which has no project file"));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_row_names_exactly_the_projects_its_project_references(string projectFile)
    {
        string path = Path.Combine(Root.Value, projectFile);
        string project = ProjectDirectory(path);
        Assert.True(TableRows().TryGetValue(project, out string? dependsOn), $"docs/ARCHITECTURE.md's project table has no row for {project}");

        HashSet<string> referenced = [.. References(path)];
        HashSet<string> known = [.. ProjectFiles().Select(file => ShortName(Path.GetFileNameWithoutExtension(file)))];
        HashSet<string> named = [.. NamedProjects(dependsOn!, known)];
        Assert.True(
            referenced.SetEquals(named),
            $"{project}: the project file references [{string.Join(", ", referenced.Order())}], its row's \"depends on\" names "
            + $"[{string.Join(", ", named.Order())}] (cell: {dependsOn})");
    }

    [Fact]
    public void A_reference_missing_from_a_cell_is_seen()
    {
        // The check itself: a cell that leaves out a reference, or names one too many, does not pass.
        HashSet<string> known = ["Domain", "Grains", "Grains.Interfaces", "Transparency"];
        Assert.Equal(["Domain", "Grains.Interfaces"], NamedProjects("Orleans SDK, Domain, Grains.Interfaces.", known).Order());
        Assert.Equal(["Grains"], NamedProjects("Orleans runtime, Grains (and its TestingHost)", known));
        Assert.Empty(NamedProjects("BCL only; grains, interfaces, domain rules", known));
        Assert.False(new HashSet<string> { "Domain", "Transparency" }.SetEquals(NamedProjects("Domain, ASP.NET Core", known)));
    }

    /// <summary>The projects of <paramref name="known"/> a "depends on" cell names (whole words, case as in the project name).</summary>
    private static IEnumerable<string> NamedProjects(string cell, IReadOnlySet<string> known) =>
        Words().Matches(cell).Select(word => word.Value.TrimEnd('.')).Where(known.Contains).Distinct();

    /// <summary>Every project file under src/ and tests/.</summary>
    private static IEnumerable<string> ProjectFiles() =>
        new[] { "src", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root.Value, folder), "*.csproj", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>A project as the table names it: <c>src/OversightLedger.Server</c>.</summary>
    private static string ProjectDirectory(string projectFile) =>
        Path.GetRelativePath(Root.Value, Path.GetDirectoryName(projectFile)!).Replace('\\', '/');

    /// <summary>The short names of the projects <paramref name="projectFile"/> references.</summary>
    private static IEnumerable<string> References(string projectFile) =>
        XDocument.Load(projectFile).Descendants("ProjectReference")
            .Select(reference => (string?)reference.Attribute("Include") ?? string.Empty)
            .Select(include => ShortName(Path.GetFileNameWithoutExtension(include.Replace('\\', '/'))));

    private static string ShortName(string projectName) => projectName.StartsWith(Prefix, StringComparison.Ordinal) ? projectName[Prefix.Length..] : projectName;

    /// <summary>The table's rows: the project (first cell, <c>`src/…`</c>) and its "depends on" cell.</summary>
    private static Dictionary<string, string> TableRows()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Root.Value, "docs", "ARCHITECTURE.md"));
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            Match row = Row().Match(line);
            if (row.Success)
            {
                Assert.True(rows.TryAdd(row.Groups["project"].Value, row.Groups["dependsOn"].Value), $"Two rows for {row.Groups["project"].Value}");
            }
        }

        return rows;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OversightLedger.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OversightLedger.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\|\s*`(?<project>(?:src|tests)/[A-Za-z0-9.]+)`[^|]*\|(?<dependsOn>[^|]*)\|")]
    private static partial Regex Row();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9.]*")]
    private static partial Regex Words();
}
