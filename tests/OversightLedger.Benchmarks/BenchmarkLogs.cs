using System.Security.Cryptography;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Benchmarks;

/// <summary>
/// Builds the large logs the benchmarks read, once, under the temp folder (kept between runs).
/// They are written without fsync: their durability is not what is measured.
/// </summary>
internal static class BenchmarkLogs
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "oversight-bench-logs");

    /// <summary>A log of <paramref name="size"/> leaves with hash tiles only (enough for proofs); returns its directory and root.</summary>
    public static (string Directory, MerkleHash Root) HashTilesOnly(ulong size) =>
        Build($"hashes-{size}", size, withEntries: false);

    /// <summary>A complete log of <paramref name="size"/> entries of ~200 bytes; returns its directory and root.</summary>
    public static (string Directory, MerkleHash Root) Complete(ulong size) =>
        Build($"complete-{size}", size, withEntries: true);

    private static (string, MerkleHash) Build(string name, ulong size, bool withEntries)
    {
        string directory = Path.Combine(Root, name);
        string rootFile = Path.Combine(directory, "root");
        if (File.Exists(rootFile))
        {
            return (directory, MerkleHash.FromBase64(File.ReadAllText(rootFile)));
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var edge = new TreeEdge();
        var tiles = new List<TileFile>();
        const int Chunk = 1 << 16;
        Span<byte> seed = stackalloc byte[8];
        for (ulong first = 0; first < size; first += Chunk)
        {
            int count = (int)Math.Min(Chunk, size - first);
            ReadOnlyMemory<byte>[] entries = withEntries ? SyntheticEntries.Create(count) : [];
            var leafHashes = new MerkleHash[count];
            Parallel.For(0, count, i =>
            {
                if (withEntries)
                {
                    leafHashes[i] = Rfc6962.HashLeaf(entries[i].Span);
                }
                else
                {
                    Span<byte> leaf = stackalloc byte[8];
                    BitConverter.TryWriteBytes(leaf, first + (ulong)i);
                    leafHashes[i] = new MerkleHash(SHA256.HashData(leaf));
                }
            });

            for (int i = 0; i < count; i++)
            {
                edge.Append(leafHashes[i], tiles);
            }

            if (withEntries)
            {
                for (int i = 0; i < count; i += TileLayout.Width)
                {
                    int width = Math.Min(TileLayout.Width, count - i);
                    ulong index = (first + (ulong)i) / TileLayout.Width;
                    tiles.Add(new TileFile(new TileAddress(TileAddress.EntriesLevel, index, width), EntryBundle.Encode(new ArraySegment<ReadOnlyMemory<byte>>(entries, i, width))));
                }
            }

            WriteAll(directory, tiles);
            tiles.Clear();
        }

        WriteAll(directory, [.. edge.PartialTiles()]);
        MerkleHash root = edge.Root();
        File.WriteAllText(rootFile, root.ToBase64());
        return (directory, root);
    }

    private static void WriteAll(string directory, IEnumerable<TileFile> tiles)
    {
        foreach (TileFile tile in tiles)
        {
            string path = Path.Combine(directory, tile.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, tile.Data);
        }
    }
}
