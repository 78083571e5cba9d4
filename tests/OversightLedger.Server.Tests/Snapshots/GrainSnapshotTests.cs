using System.Security.Cryptography;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// The stored form of a grain snapshot: it names its log position, and anything but a whole snapshot of this format with
/// a checksum that holds is refused with the reason (the grain then replays the log).
/// </summary>
public sealed class GrainSnapshotTests
{
    private static readonly GrainSnapshot Sample = new("program", "p-1", 1234, Rfc6962.HashLeaf("leaf"u8), RandomNumberGenerator.GetBytes(500));

    [Fact]
    public void A_snapshot_reads_back_as_written()
    {
        GrainSnapshot read = GrainSnapshot.Decode(Sample.Encode());

        Assert.Equal((Sample.Kind, Sample.Id, Sample.TreeSize, Sample.Root), (read.Kind, read.Id, read.TreeSize, read.Root));
        Assert.Equal(Sample.Body, read.Body);
    }

    [Fact]
    public void Any_flipped_byte_or_a_cut_is_refused()
    {
        byte[] bytes = Sample.Encode();
        for (int i = 0; i < bytes.Length; i += 7)
        {
            byte[] flipped = [.. bytes];
            flipped[i] ^= 0x01;
            Assert.Throws<InvalidDataException>(() => GrainSnapshot.Decode(flipped));
        }

        for (int length = 0; length < bytes.Length; length += 13)
        {
            Assert.Throws<InvalidDataException>(() => GrainSnapshot.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Another_format_version_is_refused_even_with_a_checksum_that_holds()
    {
        byte[] bytes = Sample.Encode();
        byte[] content = bytes[..^32];
        content[7] = (byte)(GrainSnapshot.FormatVersion + 1);
        byte[] other = [.. content, .. SHA256.HashData(content)];

        Assert.Contains("format version", Assert.Throws<InvalidDataException>(() => GrainSnapshot.Decode(other)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_keeps_the_id_inside_its_kind()
    {
        Assert.Equal("program/p-1", GrainSnapshot.NameOf("program", "p-1"));
        Assert.Equal("budget/..%2F..%2Fkeys", GrainSnapshot.NameOf("budget", "../../keys"));
    }
}
