using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;

namespace OversightLedger.Domain.Tests.Collections;

/// <summary>
/// The program's enrolled pseudonyms as a sorted array and a set of those added since (issue 17): the same answers as a
/// hash set whatever the compactions, written and read back in one block, a repeated or unordered pseudonym refused.
/// </summary>
public class PseudonymSetTests
{
    [Property(MaxTest = 200)]
    public void The_set_answers_as_a_hash_set_across_compactions_and_a_write_and_read((ushort Key, bool Compact)[] operations)
    {
        var set = new PseudonymSet();
        var expected = new HashSet<PseudonymBits>();
        foreach ((ushort key, bool compact) in operations ?? [])
        {
            PseudonymBits bits = Bits(key % 512);
            Assert.Equal(expected.Add(bits), set.Add(bits));
            if (compact)
            {
                set.Compact();
            }
        }

        PseudonymSet read = RoundTrip(set);
        foreach (PseudonymSet answering in new[] { set, read })
        {
            Assert.Equal(expected.Count, answering.Count);
            Assert.Equal(expected.OrderBy(b => b, SortedPseudonyms.Comparer), answering.OrderBy(b => b, SortedPseudonyms.Comparer));
            Assert.All(Enumerable.Range(0, 600), k => Assert.Equal(expected.Contains(Bits(k)), answering.Contains(Bits(k))));
        }

        Assert.True(SortedPseudonyms.IsStrictlyAscending(read.Sorted.Keys));
        Assert.Empty(read.Added);
    }

    [Fact]
    public void A_large_set_finds_every_member_through_its_directory_and_no_stranger()
    {
        byte[] secret = new byte[32];
        PseudonymBits[] members = [.. Enumerable.Range(0, 50_000).Select(i => PseudonymBits.Of(BeneficiaryPseudonym.Derive(secret, $"REF-{i}")))];
        var set = new PseudonymSet();
        foreach (PseudonymBits member in members)
        {
            set.Add(member);
        }

        set.Compact();
        Assert.All(members, m => Assert.True(set.Contains(m)));
        Assert.All(Enumerable.Range(0, 5_000), i => Assert.False(set.Contains(PseudonymBits.Of(BeneficiaryPseudonym.Derive(secret, $"OTHER-{i}")))));
        Assert.All(Enumerable.Range(0, 1_000), i => Assert.Equal(i, set.Sorted.IndexOf(set.Sorted[i])));
    }

    [Fact]
    public void A_pseudonym_written_twice_or_out_of_order_and_a_cut_block_are_refused()
    {
        byte[] ascending = Written(Bits(1), Bits(2), Bits(3));
        Assert.Equal(3, Read(ascending).Count);
        Assert.Throws<InvalidDataException>(() => Read(Written(Bits(1), Bits(2), Bits(2))));
        Assert.Throws<InvalidDataException>(() => Read(Written(Bits(2), Bits(1), Bits(3))));
        Assert.Throws<InvalidDataException>(() => Read(ascending[..^1]));
    }

    /// <summary>Distinct pseudonyms whose order is not that of <paramref name="key"/> in every word.</summary>
    internal static PseudonymBits Bits(int key) => new((ulong)(key % 7), (ulong)key * 0x9E3779B97F4A7C15UL, (ulong)(key / 3), ulong.MaxValue - (ulong)key);

    private static byte[] Written(params PseudonymBits[] keys)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write7BitEncodedInt(keys.Length);
            Domain.Snapshots.RawSpanCodec.Write<PseudonymBits>(writer, keys);
        }

        return stream.ToArray();
    }

    private static PseudonymSet Read(byte[] bytes)
    {
        var set = new PseudonymSet();
        set.ReadSorted(new BinaryReader(new MemoryStream(bytes)));
        return set;
    }

    private static PseudonymSet RoundTrip(PseudonymSet set)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            set.Compact();
            PseudonymSet.WriteSorted(writer, set.Sorted);
        }

        return Read(stream.ToArray());
    }
}
