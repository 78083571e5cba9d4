namespace OversightLedger.Transparency.Tiles;

/// <summary>The constants of C2SP tlog-tiles as this log uses them.</summary>
public static class TileLayout
{
    /// <summary>Tree levels per tile: a tile holds the hashes of one tree level, 2^8 of them when full.</summary>
    public const int Height = 8;

    /// <summary>Hashes in a full tile, and entries in a full entry bundle.</summary>
    public const int Width = 1 << Height;

    /// <summary>The largest entry an entry bundle can hold (its length is a big-endian uint16).</summary>
    public const int MaxEntrySize = ushort.MaxValue;

    /// <summary>The number of hashes at tile level <paramref name="tileLevel"/> (tree level 8·L) in a tree of <paramref name="treeSize"/> leaves.</summary>
    public static ulong HashesAtTileLevel(ulong treeSize, int tileLevel) =>
        tileLevel * Height >= 64 ? 0 : treeSize >> (tileLevel * Height);

    /// <summary>The width of tile <paramref name="tileIndex"/> at <paramref name="tileLevel"/> in a tree of <paramref name="treeSize"/> leaves (0 when it does not exist yet).</summary>
    public static int TileWidth(ulong treeSize, int tileLevel, ulong tileIndex)
    {
        ulong hashes = HashesAtTileLevel(treeSize, tileLevel);
        ulong first = tileIndex * Width;
        if (hashes <= first)
        {
            return 0;
        }

        return (int)Math.Min(Width, hashes - first);
    }

    /// <summary>The number of tiles (full and partial) at <paramref name="tileLevel"/> in a tree of <paramref name="treeSize"/> leaves.</summary>
    public static ulong TileCount(ulong treeSize, int tileLevel)
    {
        ulong hashes = HashesAtTileLevel(treeSize, tileLevel);
        return (hashes / Width) + (hashes % Width == 0 ? 0UL : 1UL);
    }

    /// <summary>The number of tile levels that hold at least one hash in a tree of <paramref name="treeSize"/> leaves.</summary>
    public static int LevelCount(ulong treeSize)
    {
        int levels = 0;
        while (HashesAtTileLevel(treeSize, levels) > 0)
        {
            levels++;
        }

        return levels;
    }
}
