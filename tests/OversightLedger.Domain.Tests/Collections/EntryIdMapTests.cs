using System.Globalization;
using OversightLedger.Domain.Collections;

namespace OversightLedger.Domain.Tests.Collections;

/// <summary>The packed id map the grains and the sequencer keep their millions of ids in: exact, whatever the id.</summary>
public class EntryIdMapTests
{
    [Fact]
    public void AnIdIsFoundWithItsValueAndAddedOnlyOnce()
    {
        EntryIdMap<ulong> map = new();

        Assert.True(map.TryAdd("d-1", 7));
        Assert.False(map.TryAdd("d-1", 8));

        Assert.True(map.TryGetValue("d-1", out ulong value));
        Assert.Equal(7UL, value);
        Assert.True(map.ContainsKey("d-1"));
        Assert.False(map.ContainsKey("d-2"));
        Assert.False(map.TryGetValue("d-", out _));
        Assert.Equal(("d-1", 7UL), Assert.Single(map.Select(pair => (pair.Key, pair.Value))));
    }

    [Fact]
    public void AddOrReplaceReplacesTheValueOfAnIdItHolds()
    {
        EntryIdMap<ulong> map = new();

        map.AddOrReplace("d-1", 1);
        map.AddOrReplace("d-1", 2);
        map.AddOrReplace("d-2", 3);

        Assert.Equal([("d-1", 2UL), ("d-2", 3UL)], map.Select(pair => (pair.Key, pair.Value)));
    }

    [Fact]
    public void ManyIdsAreEachFoundAndNoOtherIs()
    {
        EntryIdMap<long> map = new();
        const int Count = 150_000; // several id blocks, slot blocks and bucket growths
        for (int i = 0; i < Count; i++)
        {
            Assert.True(map.TryAdd(Id(i), i));
        }

        Assert.Equal(Count, map.Count);
        for (int i = 0; i < Count; i++)
        {
            Assert.True(map.TryGetValue(Id(i), out long value), Id(i));
            Assert.Equal(i, value);
            Assert.False(map.ContainsKey(Id(i) + "x"));
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(Id), map.Select(pair => pair.Key));

        static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"g-1a2b3c4d-{i % 16}-{i / 16}");
    }

    [Fact]
    public void IdsThatAreNotPackedAreHeldExactlyBesideThePackedOnes()
    {
        EntryIdMap<int> map = new();
        string loneSurrogate = "d-\uD800-1";
        string replaced = "d-\uFFFD-1"; // what a lenient UTF-8 encoding would turn the lone surrogate into
        string longest = new('a', EntryIdMap<int>.MaxPackedLength);
        string tooLong = new('a', EntryIdMap<int>.MaxPackedLength + 1);
        string accented = "dépense-€-1";

        Assert.True(map.TryAdd(loneSurrogate, 1));
        Assert.True(map.TryAdd(replaced, 2));
        Assert.True(map.TryAdd(longest, 3));
        Assert.True(map.TryAdd(tooLong, 4));
        Assert.True(map.TryAdd(accented, 5));
        Assert.True(map.TryAdd(string.Empty, 6));

        Assert.Equal(6, map.Count);
        Assert.Equal(
            [(loneSurrogate, 1), (replaced, 2), (longest, 3), (tooLong, 4), (accented, 5), (string.Empty, 6)],
            [.. new[] { loneSurrogate, replaced, longest, tooLong, accented, string.Empty }.Select(id => (id, map.TryGetValue(id, out int value) ? value : -1))]);
        Assert.False(map.ContainsKey("d-\uD801-1"));
        Assert.False(map.ContainsKey("dépense-€-2"));
        Assert.Equal(
            new HashSet<string>([loneSurrogate, replaced, longest, tooLong, accented, string.Empty], StringComparer.Ordinal),
            new HashSet<string>(map.Select(pair => pair.Key), StringComparer.Ordinal));
    }

    [Fact]
    public void ANullIdIsRefused()
    {
        EntryIdMap<int> map = new();

        Assert.Throws<ArgumentNullException>(() => map.TryAdd(null!, 1));
        Assert.Throws<ArgumentNullException>(() => map.ContainsKey(null!));
    }
}
