using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.Tiles;

public class TilePathTests
{
    [Theory]
    [InlineData(0UL, "000")]
    [InlineData(5UL, "005")]
    [InlineData(999UL, "999")]
    [InlineData(1000UL, "x001/000")]
    [InlineData(1234067UL, "x001/x234/067")]
    [InlineData(18446744073709551615UL, "x018/x446/x744/x073/x709/x551/615")]
    public void Index_is_written_in_groups_of_three_digits(ulong index, string expected) =>
        Assert.Equal(expected, TilePath.EncodeIndex(index));

    [Theory]
    [InlineData(0, 0UL, 256, "tile/0/000")]
    [InlineData(0, 5UL, 220, "tile/0/005.p/220")]
    [InlineData(1, 1234067UL, 7, "tile/1/x001/x234/067.p/7")]
    public void Hash_tile_paths_follow_tlog_tiles(int level, ulong index, int width, string expected)
    {
        Assert.Equal(expected, TilePath.Hash(level, index, width));
        Assert.Equal(new TileAddress(level, index, width), TilePath.Parse(expected));
    }

    [Theory]
    [InlineData(0UL, 256, "tile/entries/000")]
    [InlineData(1234UL, 1, "tile/entries/x001/234.p/1")]
    [InlineData(ulong.MaxValue, 256, "tile/entries/x018/x446/x744/x073/x709/x551/615")]
    public void Entry_bundle_paths_follow_tlog_tiles(ulong index, int width, string expected)
    {
        Assert.Equal(expected, TilePath.Entries(index, width));
        TileAddress parsed = TilePath.Parse(expected);
        Assert.True(parsed.IsEntryBundle);
        Assert.Equal((index, width), (parsed.Index, parsed.Width));
    }

    [Theory]
    [InlineData("tile/0/5")]
    [InlineData("tile/0/0005")]
    [InlineData("tile/0/001/234")]
    [InlineData("tile/0/x001")]
    [InlineData("tile/0/000.p/256")]
    [InlineData("tile/0/000.p/0")]
    [InlineData("tile/0/000.p/07")]
    [InlineData("tile/00/000")]
    [InlineData("tile/-1/000")]
    [InlineData("tiles/0/000")]
    [InlineData("tile/0/x000/001")]
    [InlineData("tile/entries/x999/x999/x999/x999/x999/x999/999")] // beyond 2^64 − 1: was an OverflowException
    [InlineData("tile/0/x018/x446/x744/x073/x709/x551/616")]
    public void Non_canonical_paths_are_refused(string path) =>
        Assert.Throws<FormatException>(() => TilePath.Parse(path));

    [Fact]
    public void Partial_width_outside_one_to_256_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Hash(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Entries(0, 257));
    }
}
