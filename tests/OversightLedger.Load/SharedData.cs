namespace OversightLedger.Load;

/// <summary>The external test data beside the repository (<c>../shared</c>), found from the working directory upwards.</summary>
internal static class SharedData
{
    /// <summary>The path of <paramref name="parts"/> under the first <c>shared</c> directory beside a parent of the working directory.</summary>
    public static string Path(params string[] parts)
    {
        for (DirectoryInfo? directory = new(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = System.IO.Path.Combine(directory.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "sanctions")))
            {
                return System.IO.Path.Combine([candidate, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("No shared/ directory beside the repository or a parent of the working directory; give the file's path.");
    }
}
