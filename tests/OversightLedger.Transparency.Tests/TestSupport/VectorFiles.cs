using System.Text.Json;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>Finds and opens the JSON test vectors of the shared folder.</summary>
internal static class VectorFiles
{
    /// <summary>transparency-dev/merkle's <c>testdata</c> folder.</summary>
    public static string TransparencyDevTestData => SharedData.Path("vectors", "transparency-dev-merkle", "testdata");

    /// <summary>
    /// Every inclusion and consistency vector of transparency-dev/merkle (numbered folders,
    /// <c>additional/</c>, <c>single-entry/</c>; not the MTC subtree ones), as sorted paths
    /// relative to <see cref="TransparencyDevTestData"/> with '/' separators.
    /// </summary>
    public static IReadOnlyList<string> TransparencyDevProofVectors()
    {
        string root = TransparencyDevTestData;
        return
        [
            .. new[] { "inclusion", "consistency" }
                .SelectMany(kind => Directory.EnumerateFiles(Path.Combine(root, kind), "*.json", SearchOption.AllDirectories))
                .Select(file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>The full path of a transparency-dev vector given as returned by <see cref="TransparencyDevProofVectors"/>.</summary>
    public static string TransparencyDevPath(string relative) =>
        Path.Combine([TransparencyDevTestData, .. relative.Split('/')]);

    /// <summary>Parses a transparency-dev vector.</summary>
    public static JsonDocument LoadTransparencyDev(string relative) =>
        JsonDocument.Parse(File.ReadAllBytes(TransparencyDevPath(relative)));

    /// <summary>Parses a JSON file of the shared <c>vectors</c> folder.</summary>
    public static JsonDocument LoadVectors(string fileName) =>
        JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("vectors", fileName)));
}
