using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Tests.Collections;

namespace OversightLedger.Domain.Tests.Programs;

/// <summary>
/// One period's cap totals as sorted flat arrays and a dictionary of changes (issue 17): the same totals and count as a
/// plain dictionary whatever the compactions (a total brought to zero included), written and read back in one block.
/// </summary>
public class PeriodTableTests
{
    [Property(MaxTest = 300)]
    public void The_table_holds_what_a_dictionary_holds_across_compactions_zeros_and_a_write_and_read((byte Key, sbyte Units, bool Compact)[] operations)
    {
        var table = new PeriodTable();
        var expected = new Dictionary<PseudonymBits, long>();
        foreach ((byte key, sbyte units, bool compact) in operations ?? [])
        {
            PseudonymBits bits = PseudonymSetTests.Bits(key % 40);
            long total = expected.GetValueOrDefault(bits) + units;
            if (total == 0)
            {
                expected.Remove(bits);
            }
            else
            {
                expected[bits] = total;
            }

            Assert.Equal(total, table.Add(bits, units));
            if (compact)
            {
                table.Compact();
            }
        }

        Assert.Equal(expected.Count, table.Count);
        Assert.Equal(expected.OrderBy(e => e.Key, SortedPseudonyms.Comparer), table.OrderBy(e => e.Key, SortedPseudonyms.Comparer));
        Assert.Equal(expected.Values.Sum(), table.Sum());
        if (table.Count == 0)
        {
            return; // an empty period is not kept, nor written
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            table.Compact();
            Assert.True(table.HasSorted);
            Assert.Equal(0, table.ChangedCount);
            PeriodTable.WriteSorted(writer, SortedOf(table), [.. table.OrderBy(e => e.Key, SortedPseudonyms.Comparer).Select(e => e.Value)]);
        }

        PeriodTable read = PeriodTable.ReadSorted(new BinaryReader(new MemoryStream(stream.ToArray())));
        Assert.Equal(expected.Count, read.Count);
        Assert.Equal(0, read.ChangedCount);
        Assert.All(Enumerable.Range(0, 45), k => Assert.Equal(expected.GetValueOrDefault(PseudonymSetTests.Bits(k)), read.Get(PseudonymSetTests.Bits(k))));
    }

    [Fact]
    public void A_zero_total_or_an_unordered_table_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => Read([PseudonymSetTests.Bits(1), PseudonymSetTests.Bits(2)], [5, 0]));
        Assert.Throws<InvalidDataException>(() => Read([PseudonymSetTests.Bits(2), PseudonymSetTests.Bits(1)], [5, 6]));
        Assert.Throws<InvalidDataException>(() => Read([], []));
        Assert.Equal(11, Read([PseudonymSetTests.Bits(1), PseudonymSetTests.Bits(2)], [5, 6]).Sum());
    }

    private static SortedPseudonyms SortedOf(PeriodTable table) => new([.. table.Select(e => e.Key).Order(SortedPseudonyms.Comparer)]);

    private static PeriodTable Read(PseudonymBits[] keys, long[] totals)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write7BitEncodedInt(keys.Length);
            Domain.Snapshots.RawSpanCodec.Write<PseudonymBits>(writer, keys);
            Domain.Snapshots.RawSpanCodec.Write<long>(writer, totals);
        }

        return PeriodTable.ReadSorted(new BinaryReader(new MemoryStream(stream.ToArray())));
    }
}
