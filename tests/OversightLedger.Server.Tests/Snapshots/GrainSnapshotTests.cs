using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
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

    [Theory]
    [InlineData("program", "p-1", 0UL, 0)]
    [InlineData("budget", "b-2", 1UL, 1)]
    [InlineData("program", "p-ü-名前", 987_654_321UL, 500)]
    [InlineData("watchdog", "w", ulong.MaxValue, 70_000)]
    [InlineData("program", "p-large", 10_000_000UL, 3_000_000)]
    public void The_encoding_is_byte_for_byte_the_first_format_writers(string kind, string id, ulong treeSize, int bodyLength)
    {
        var snapshot = new GrainSnapshot(kind, id, treeSize, Rfc6962.HashLeaf(Encoding.UTF8.GetBytes(id)), RandomNumberGenerator.GetBytes(bodyLength));

        byte[] encoded = snapshot.Encode();

        Assert.Equal(EncodeAsTheFirstWriterDid(snapshot), encoded);
        Assert.Equal(snapshot.Body, GrainSnapshot.Decode(encoded).Body);
    }

    [Fact]
    public void Encoding_allocates_the_snapshot_once_not_a_growing_buffer_and_its_copy()
    {
        var snapshot = new GrainSnapshot("program", "p-1", 42, Sample.Root, RandomNumberGenerator.GetBytes(8 * 1024 * 1024));
        snapshot.Encode(); // JIT and first-call costs out of the count

        long before = GC.GetAllocatedBytesForCurrentThread();
        byte[] encoded = snapshot.Encode();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, encoded.Length, encoded.Length + (64 * 1024));
    }

    [Fact]
    public void A_kind_or_id_longer_than_its_length_field_is_refused()
    {
        var snapshot = new GrainSnapshot("program", new string('i', ushort.MaxValue + 1), 1, Sample.Root, [1, 2, 3]);

        Assert.Throws<OverflowException>(snapshot.Encode);
    }

    /// <summary>The encoder of format version 1 as first written (a growing stream, then a copy): what the store already holds.</summary>
    private static byte[] EncodeAsTheFirstWriterDid(GrainSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        stream.Write("OLSNAP"u8);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(number, 1);
        stream.Write(number[..2]);
        foreach (string text in new[] { snapshot.Kind, snapshot.Id })
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteUInt16BigEndian(number, checked((ushort)utf8.Length));
            stream.Write(number[..2]);
            stream.Write(utf8);
        }

        BinaryPrimitives.WriteUInt64BigEndian(number, snapshot.TreeSize);
        stream.Write(number);
        stream.Write(snapshot.Root.ToArray());
        BinaryPrimitives.WriteInt32BigEndian(number, snapshot.Body.Length);
        stream.Write(number[..4]);
        stream.Write(snapshot.Body);
        stream.Write(SHA256.HashData(stream.ToArray()));
        return stream.ToArray();
    }

    [Fact]
    public void A_name_keeps_the_id_inside_its_kind()
    {
        Assert.Equal("program/p-1", GrainSnapshot.NameOf("program", "p-1"));
        Assert.Equal("budget/..%2F..%2Fkeys", GrainSnapshot.NameOf("budget", "../../keys"));
    }
}
