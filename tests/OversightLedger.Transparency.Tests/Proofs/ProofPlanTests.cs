using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

public class ProofPlanTests
{
    [Fact]
    public void InclusionPlansOfTheEightLeafTree()
    {
        Assert.Equal([new LeafRange(1, 2), new LeafRange(2, 4), new LeafRange(4, 8)], ProofPlan.Inclusion(0, 8));
        Assert.Equal([new LeafRange(4, 5), new LeafRange(6, 8), new LeafRange(0, 4)], ProofPlan.Inclusion(5, 8));
        Assert.Equal([new LeafRange(0, 2)], ProofPlan.Inclusion(2, 3));
        Assert.Equal([new LeafRange(0, 1), new LeafRange(2, 4), new LeafRange(4, 5)], ProofPlan.Inclusion(1, 5));
        Assert.Empty(ProofPlan.Inclusion(0, 1));
    }

    [Fact]
    public void ConsistencyPlansOfTheEightLeafTree()
    {
        Assert.Empty(ProofPlan.Consistency(1, 1));
        Assert.Empty(ProofPlan.Consistency(8, 8));
        Assert.Equal([new LeafRange(1, 2), new LeafRange(2, 4), new LeafRange(4, 8)], ProofPlan.Consistency(1, 8));
        Assert.Equal([new LeafRange(4, 6), new LeafRange(6, 8), new LeafRange(0, 4)], ProofPlan.Consistency(6, 8));
        Assert.Equal([new LeafRange(2, 4), new LeafRange(4, 5)], ProofPlan.Consistency(2, 5));
        Assert.Equal([new LeafRange(4, 6), new LeafRange(6, 7), new LeafRange(0, 4)], ProofPlan.Consistency(6, 7));
        Assert.Equal([new LeafRange(4, 8)], ProofPlan.Consistency(4, 8));
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(8UL, 8UL)]
    [InlineData(ulong.MaxValue, 3UL)]
    public void InclusionRefusesAnIndexOutsideTheTree(ulong index, ulong size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofPlan.Inclusion(index, size));
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(0UL, 5UL)]
    [InlineData(6UL, 5UL)]
    [InlineData(ulong.MaxValue, 1UL)]
    public void ConsistencyNeedsZeroBelowOldSizeAtMostNewSize(ulong oldSize, ulong newSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofPlan.Consistency(oldSize, newSize));
    }

    [Theory]
    [InlineData(2UL, 1UL)]
    [InlineData(3UL, 2UL)]
    [InlineData(4UL, 2UL)]
    [InlineData(5UL, 4UL)]
    [InlineData(1000UL, 512UL)]
    [InlineData(1024UL, 512UL)]
    [InlineData(1025UL, 1024UL)]
    [InlineData((1UL << 63) + 1, 1UL << 63)]
    [InlineData(ulong.MaxValue, 1UL << 63)]
    public void LargestPowerOfTwoBelowIsStrictlyBelow(ulong n, ulong expected)
    {
        Assert.Equal(expected, ProofPlan.LargestPowerOfTwoBelow(n));
    }

    // Without hashing anything, for sizes up to 2^64 − 1: an inclusion plan covers every leaf but the
    // proven one exactly once, and its ranges split into full subtrees that tile them.
    [Theory]
    [InlineData(0UL, 1UL)]
    [InlineData(6UL, 7UL)]
    [InlineData(123_456_789UL, 987_654_321UL)]
    [InlineData((1UL << 40) + 3, 1UL << 41)]
    [InlineData(0UL, ulong.MaxValue)]
    [InlineData(ulong.MaxValue - 1, ulong.MaxValue)]
    [InlineData(1UL << 63, ulong.MaxValue)]
    public void InclusionPlanPartitionsTheOtherLeaves(ulong index, ulong size)
    {
        LeafRange[] plan = ProofPlan.Inclusion(index, size);

        Assert.Equal(ReferenceMerkleTree.PathShape(index, size).Length, plan.Length);
        LeafRange[] sorted = [.. plan.Append(new LeafRange(index, index + 1)).OrderBy(range => range.Begin)];
        Assert.Equal(0UL, sorted[0].Begin);
        Assert.Equal(size, sorted[^1].End);
        for (int i = 1; i < sorted.Length; i++)
        {
            Assert.Equal(sorted[i - 1].End, sorted[i].Begin);
        }

        Assert.All(plan, range => Assert.True(range.End > range.Begin, range.ToString()));
        Assert.All(plan, AssertTiledByFullSubtrees);
    }

    [Theory]
    [InlineData(1UL, 2UL)]
    [InlineData(3UL, 7UL)]
    [InlineData(437UL, 1000UL)]
    [InlineData(1UL << 40, (1UL << 40) + 1)]
    [InlineData(123_456_789UL, 987_654_321UL)]
    [InlineData(1UL, ulong.MaxValue)]
    [InlineData(ulong.MaxValue - 1, ulong.MaxValue)]
    public void ConsistencyPlanHasTheShapeOfSubproof(ulong oldSize, ulong newSize)
    {
        LeafRange[] plan = ProofPlan.Consistency(oldSize, newSize);
        string shape = ReferenceMerkleTree.ProofShape(oldSize, newSize);

        Assert.Equal(shape.Length, plan.Length);
        for (int i = 0; i < plan.Length; i++)
        {
            LeafRange range = plan[i];
            switch (shape[i])
            {
                case 'S': // a subtree ending at the old size
                    Assert.Equal(oldSize, range.End);
                    break;
                case 'R': // appended after the old tree
                    Assert.True(range.Begin >= oldSize, $"{range} should be right of {oldSize}");
                    break;
                default: // 'L': inside the old tree
                    Assert.True(range.End <= oldSize, $"{range} should be inside {oldSize}");
                    break;
            }
        }

        Assert.All(plan, AssertTiledByFullSubtrees);
    }

    private static void AssertTiledByFullSubtrees(LeafRange range)
    {
        NodeId[] nodes = [.. range.FullSubtrees()];
        Assert.NotEmpty(nodes);
        Assert.Equal(range.Begin, nodes[0].FirstLeaf);
        for (int i = 1; i < nodes.Length; i++)
        {
            Assert.True(nodes[i].Level < nodes[i - 1].Level, $"{range}: subtrees must shrink left to right");
            Assert.Equal(nodes[i - 1].EndLeaf, nodes[i].FirstLeaf);
        }

        // EndLeaf of the last node, computed without overflow for a range ending at 2^64 − 1.
        NodeId last = nodes[^1];
        Assert.Equal(range.End, last.FirstLeaf + (1UL << last.Level));
    }
}
