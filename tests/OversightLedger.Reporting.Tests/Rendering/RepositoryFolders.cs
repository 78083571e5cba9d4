namespace OversightLedger.Reporting.Tests.Rendering;

/// <summary>Folders of the repository the tests run from.</summary>
internal static class RepositoryFolders
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OversightLedger.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no OversightLedger.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root (the folder holding <c>OversightLedger.sln</c>).</summary>
    public static string Root => RootFolder.Value;

    /// <summary><c>artifacts/screenshots</c> under the root, created when missing: CI keeps what is saved there.</summary>
    public static string Screenshots => Directory.CreateDirectory(Path.Combine(Root, "artifacts", "screenshots")).FullName;
}
