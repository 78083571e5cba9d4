namespace OversightLedger;

/// <summary>
/// The values of the <c>Category</c> trait that set the slow tests apart, so that
/// <c>dotnet test --filter "Category!=Slow&amp;Category!=Cluster&amp;Category!=Browser"</c> runs the fast suite.
/// Compiled into every test project (see tests/Directory.Build.props); a class is tagged with every category that applies,
/// as in <c>[Trait(TestCategories.Name, TestCategories.Slow)]</c>.
/// </summary>
internal static class TestCategories
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Category";

    /// <summary>
    /// Starts child processes (a server or silo launcher, <c>oversight witness serve</c>, the CLI against a real server,
    /// Azurite, PostgreSQL, a process killed with SIGKILL) or takes seconds per test on an idle machine.
    /// </summary>
    public const string Slow = "Slow";

    /// <summary>
    /// Runs an Orleans TestingHost cluster (of one silo or more) or uses the azure profile's cluster and its components
    /// (Azurite, PostgreSQL).
    /// </summary>
    public const string Cluster = "Cluster";

    /// <summary>Opens a page in headless Chromium.</summary>
    public const string Browser = "Browser";
}
