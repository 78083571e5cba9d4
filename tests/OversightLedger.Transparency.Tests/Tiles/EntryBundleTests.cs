using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.Tiles;

public class EntryBundleTests
{
    [Fact]
    public void Entries_are_length_prefixed_big_endian()
    {
        byte[] bundle = EntryBundle.Encode([new byte[] { 0x41 }, Array.Empty<byte>(), new byte[300]]);
        Assert.Equal(new byte[] { 0x00, 0x01, 0x41, 0x00, 0x00, 0x01, 0x2c }, bundle[..7]);
        Assert.Equal(2 + 1 + 2 + 2 + 300, bundle.Length);
        List<ReadOnlyMemory<byte>> decoded = EntryBundle.Decode(bundle);
        Assert.Equal([1, 0, 300], decoded.Select(e => e.Length));
    }

    [Fact]
    public void Truncated_bundles_are_refused()
    {
        byte[] bundle = EntryBundle.Encode([new byte[] { 1, 2, 3 }]);
        Assert.Throws<FormatException>(() => EntryBundle.Decode(bundle[..^1]));
        Assert.Throws<FormatException>(() => EntryBundle.Decode(new byte[] { 0 }));
    }

    [Fact]
    public void An_entry_over_65535_bytes_is_refused() =>
        Assert.Throws<ArgumentException>(() => EntryBundle.Encode([new byte[65536]]));

    [Fact]
    public void Go_written_bundles_decode_to_their_entry_count()
    {
        string path = TestSupport.SharedData.Path("vectors", "go-tlog", "log-1500", "tile", "entries", "005.p", "220");
        Assert.Equal(220, EntryBundle.Decode(File.ReadAllBytes(path)).Count);
    }
}
