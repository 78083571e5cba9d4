using OversightLedger.Domain.Collections;

namespace OversightLedger.Domain.Tests.Collections;

/// <summary>
/// <see cref="EntryIdFingerprintIndex"/> finds repeated ids exactly whatever the fingerprints do: with the real hash over
/// many ids, and with hashes forced to collide (every id reading others back from the "log").
/// </summary>
public class EntryIdFingerprintIndexTests
{
    [Theory]
    [InlineData(200_000, 0)] // the real hash
    [InlineData(20_000, 64)] // 64 fingerprints for 20,000 ids
    [InlineData(2_000, 1)] // one fingerprint for all
    public void RepeatedIdsAreFoundWithTheLeafOfTheirFirstUseAndNoOtherIs(int distinctIds, int fingerprints)
    {
        var log = new List<string>();
        var reference = new Dictionary<string, ulong>(StringComparer.Ordinal);
        EntryIdFingerprintIndex index = fingerprints == 0
            ? new EntryIdFingerprintIndex(leaf => log[(int)leaf])
            : new EntryIdFingerprintIndex(leaf => log[(int)leaf], id => (ulong)(StringComparer.Ordinal.GetHashCode(id) & int.MaxValue) % (ulong)fingerprints * 0x9E3779B97F4A7C15UL);
        var random = new Random(17);

        for (int i = 0; i < distinctIds * 3 / 2; i++)
        {
            // Every third entry repeats an id seen earlier (or one never seen, when the draw lands past the end).
            string id = i % 3 == 2 ? $"d-{random.Next(distinctIds)}" : $"d-{log.Count - (i / 3)}";
            ulong leaf = (ulong)log.Count;
            log.Add(id);
            bool isNew = reference.TryAdd(id, leaf);

            Assert.Equal(isNew, index.TryAdd(id, leaf));
        }

        Assert.Equal(reference.Count, index.Count);
        foreach ((string id, ulong first) in reference)
        {
            Assert.True(index.TryGetLeaf(id, out ulong leaf));
            Assert.Equal(first, leaf);
        }

        Assert.False(index.TryGetLeaf("never-added", out _));
        Assert.True(index.AllocatedBytes <= 12L * 4 * Math.Max(1024, reference.Count), $"{index.AllocatedBytes} bytes for {reference.Count} ids");
        if (fingerprints == 1)
        {
            Assert.True(index.IdsReadBack >= (long)reference.Count * (reference.Count - 1) / 2, "every colliding id was read back and compared");
        }
    }

    [Fact]
    public void ALeafBeyondFortyBitsIsRefused()
    {
        var index = new EntryIdFingerprintIndex(_ => "x");

        Assert.Throws<ArgumentOutOfRangeException>(() => index.TryAdd("x", EntryIdFingerprintIndex.MaxLeafIndex + 1));
        Assert.True(index.TryAdd("x", EntryIdFingerprintIndex.MaxLeafIndex));
        Assert.True(index.TryGetLeaf("x", out ulong leaf));
        Assert.Equal(EntryIdFingerprintIndex.MaxLeafIndex, leaf);
    }
}
