namespace OversightLedger.Transparency.Tiles;

/// <summary>One tile or entry bundle to store: its address and its bytes.</summary>
public sealed record TileFile(TileAddress Address, byte[] Data)
{
    /// <summary>The tile's path in the log.</summary>
    public string Path => Address.Path;
}
