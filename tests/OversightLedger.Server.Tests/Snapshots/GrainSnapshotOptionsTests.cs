using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17: how many entries a grain applies between two snapshots follows the size of its last one (each entry may
/// cost <see cref="GrainSnapshotOptions.BytesPerEntry"/> of snapshot writing), within <see cref="GrainSnapshotOptions.MinEntries"/>
/// and <see cref="GrainSnapshotOptions.EveryEntries"/>.
/// </summary>
public sealed class GrainSnapshotOptionsTests
{
    [Theory]
    [InlineData(0, 2_000)] // no snapshot known yet: the least
    [InlineData(100_000, 2_000)] // 100 kB / 256 = 390 entries: the least
    [InlineData(2_560_000, 10_000)] // 2.56 MB: 10,000 entries
    [InlineData(25_600_000, 100_000)] // 25.6 MB: 100,000 entries, the most
    [InlineData(1_000_000_000, 100_000)] // 1 GB: still the most
    public void The_entries_between_snapshots_grow_with_the_last_snapshots_size_within_the_bounds(long lastSnapshotBytes, long expected)
    {
        var options = new GrainSnapshotOptions();

        Assert.Equal(expected, options.EntriesBetween(lastSnapshotBytes));
    }

    [Fact]
    public void A_small_every_entries_bounds_the_least_too()
    {
        var options = new GrainSnapshotOptions { EveryEntries = 10, MinEntries = 2_000 };

        Assert.Equal(10, options.EntriesBetween(0));
        Assert.Equal(10, options.EntriesBetween(1_000_000_000));
    }

    [Theory]
    [InlineData(0, 2_000)] // no snapshot known yet: the least
    [InlineData(512_000, 2_000)] // 512 kB of changes: 2,000 entries, as for any grain
    [InlineData(1_024_000, 4_000)] // 1 MB: 4,000 entries
    [InlineData(7_000_000, 4_000)] // 7 MB of changes since a 107 MB base: still 4,000, not 27,000
    [InlineData(1_000_000_000, 4_000)]
    public void A_programs_snapshots_come_within_its_entry_count_however_large_its_changes_since_the_base(long lastSnapshotBytes, long expected)
    {
        var options = new GrainSnapshotOptions();

        Assert.Equal(expected, options.EntriesBetween(options.ProgramPacingBytes(lastSnapshotBytes)));
    }

    [Fact]
    public void A_programs_entry_count_stays_within_the_bounds_of_every_grain()
    {
        var options = new GrainSnapshotOptions { ProgramEntriesBetween = 500_000, EveryEntries = 50_000, MinEntries = 3_000 };

        Assert.Equal(50_000, options.EntriesBetween(options.ProgramPacingBytes(1_000_000_000)));
        Assert.Equal(3_000, options.EntriesBetween(options.ProgramPacingBytes(0)));
        Assert.Equal(3_000, new GrainSnapshotOptions { ProgramEntriesBetween = 0, MinEntries = 3_000 }.EntriesBetween(new GrainSnapshotOptions { ProgramEntriesBetween = 0 }.ProgramPacingBytes(1_000_000_000)));
    }
}
