namespace OversightLedger.Transparency.Tiles;

/// <summary>Where a tile sits: its level (or <see cref="EntriesLevel"/> for an entry bundle), index and width.</summary>
public readonly record struct TileAddress(int Level, ulong Index, int Width)
{
    /// <summary>The <see cref="Level"/> of an entry bundle.</summary>
    public const int EntriesLevel = -1;

    /// <summary>Whether this is an entry bundle rather than a hash tile.</summary>
    public bool IsEntryBundle => Level == EntriesLevel;

    /// <summary>Whether the tile is full (256 wide).</summary>
    public bool IsFull => Width == TileLayout.Width;

    /// <summary>The tile's path.</summary>
    public string Path => IsEntryBundle ? TilePath.Entries(Index, Width) : TilePath.Hash(Level, Index, Width);

    /// <inheritdoc/>
    public override string ToString() => Path;
}
