using OversightLedger.Domain.Replay;

namespace OversightLedger.Domain.Tests.Replay;

/// <summary>
/// The one bit per leaf a log-backed replay keeps (and the bounded replay's <c>LoggedEntries</c> holds): exactly the leaves
/// marked, across blocks of 65,536 leaves, and the same after a write and a read.
/// </summary>
public sealed class CountedLeavesTests
{
    [Fact]
    public void Exactly_the_marked_leaves_are_counted_across_blocks_and_after_a_write_and_a_read()
    {
        var random = new Random(17);
        var marked = new HashSet<ulong>();
        var counted = new CountedLeaves();
        foreach (ulong leaf in new ulong[] { 0, 63, 64, 65_535, 65_536, 200_001 }.Concat(Enumerable.Range(0, 500).Select(_ => (ulong)random.Next(0, 300_000))))
        {
            counted.Mark(leaf);
            marked.Add(leaf);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            counted.Write(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        CountedLeaves read = CountedLeaves.Read(reader);
        for (ulong leaf = 0; leaf < 400_000; leaf++)
        {
            Assert.Equal(marked.Contains(leaf), counted.Contains(leaf));
            Assert.Equal(marked.Contains(leaf), read.Contains(leaf));
        }
    }
}
