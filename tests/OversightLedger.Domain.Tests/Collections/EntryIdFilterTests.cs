using System.Globalization;
using System.Text;
using OversightLedger.Domain.Collections;

namespace OversightLedger.Domain.Tests.Collections;

/// <summary>The id filter of the grains' committed disbursements: never a false "no", rarely a false "maybe", the same after a snapshot.</summary>
public class EntryIdFilterTests
{
    [Fact]
    public void Every_added_id_is_found_and_few_others_are_after_it_grows_over_segments()
    {
        var filter = new EntryIdFilter();
        for (int i = 0; i < 300_000; i++)
        {
            filter.Add(Id("added", i));
        }

        Assert.All(Enumerable.Range(0, 300_000), i => Assert.True(filter.MightContain(Id("added", i))));
        int falseHits = Enumerable.Range(0, 100_000).Count(i => filter.MightContain(Id("other", i)));
        Assert.InRange(falseHits, 0, 1000); // below 1 % over nine segments
        Assert.InRange(filter.AllocatedBytes, 300_000 * 2, 300_000 * 4); // two bytes an id, segments doubling
    }

    [Fact]
    public void A_filter_reads_back_as_written_and_a_cut_one_is_refused()
    {
        var filter = new EntryIdFilter();
        for (int i = 0; i < 70_000; i++)
        {
            filter.Add(Id("added", i));
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            filter.Write(writer);
        }

        byte[] bytes = stream.ToArray();
        EntryIdFilter read = EntryIdFilter.Read(new BinaryReader(new MemoryStream(bytes)));
        Assert.Equal(filter.Count, read.Count);
        Assert.All(Enumerable.Range(0, 70_000), i => Assert.True(read.MightContain(Id("added", i))));
        Assert.Equal(
            Enumerable.Range(0, 20_000).Select(i => filter.MightContain(Id("other", i))),
            Enumerable.Range(0, 20_000).Select(i => read.MightContain(Id("other", i))));
        Assert.Throws<InvalidDataException>(() => EntryIdFilter.Read(new BinaryReader(new MemoryStream(bytes[..^100]))));
    }

    private static string Id(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"disbursement:program-1:{prefix}-{i}");
}
