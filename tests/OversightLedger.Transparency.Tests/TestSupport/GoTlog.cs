using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>The reference logs written by Go's sumdb/tlog in <c>shared/vectors/go-tlog</c>.</summary>
internal static class GoTlog
{
    public static string Directory(string name) => SharedData.Path("vectors", "go-tlog", name);

    public static FileSystemLogStorage Open(string name) => new(Directory(name));

    /// <summary>The size and root lines of a log's checkpoint (its signature is checked elsewhere).</summary>
    public static (ulong Size, MerkleHash Root) TreeHead(string name)
    {
        string[] lines = File.ReadAllText(Path.Combine(Directory(name), "checkpoint")).Split('\n');
        return (ulong.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture), MerkleHash.FromBase64(lines[2]));
    }

    /// <summary>Every entry of a log, read from its entry bundles.</summary>
    public static List<byte[]> Entries(string name)
    {
        (ulong size, _) = TreeHead(name);
        var entries = new List<byte[]>();
        for (ulong bundle = 0; bundle < TileLayout.TileCount(size, 0); bundle++)
        {
            int width = TileLayout.TileWidth(size, 0, bundle);
            byte[] bytes = File.ReadAllBytes(Path.Combine(Directory(name), TilePath.Entries(bundle, width)));
            entries.AddRange(EntryBundle.Decode(bytes).Select(e => e.ToArray()));
        }

        return entries;
    }
}
