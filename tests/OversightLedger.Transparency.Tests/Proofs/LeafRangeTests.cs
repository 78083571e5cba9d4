using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Transparency.Tests.Proofs;

public class LeafRangeTests
{
    [Fact]
    public void AFullSubtreeIsOneNode()
    {
        Assert.Equal([new NodeId(3, 0)], new LeafRange(0, 8).FullSubtrees());
        Assert.Equal([new NodeId(1, 3)], new LeafRange(6, 8).FullSubtrees());
        Assert.Equal([new NodeId(0, 4)], new LeafRange(4, 5).FullSubtrees());
    }

    [Fact]
    public void ARightEdgeSplitsLargestFirst()
    {
        Assert.Equal([new NodeId(1, 2), new NodeId(0, 6)], new LeafRange(4, 7).FullSubtrees());
        Assert.Equal([new NodeId(2, 0), new NodeId(0, 4)], new LeafRange(0, 5).FullSubtrees());
        Assert.Equal([new NodeId(9, 0), new NodeId(8, 2), new NodeId(6, 12), new NodeId(5, 26), new NodeId(3, 108)], new LeafRange(0, 872).FullSubtrees());
    }

    [Fact]
    public void TheWholeUlongRangeIsSixtyFourSubtrees()
    {
        NodeId[] nodes = [.. new LeafRange(0, ulong.MaxValue).FullSubtrees()];

        Assert.Equal(64, nodes.Length);
        Assert.Equal(new NodeId(63, 0), nodes[0]);
        Assert.Equal(new NodeId(0, ulong.MaxValue - 1), nodes[^1]);
    }

    [Fact]
    public void NodeIdCoversItsLeaves()
    {
        var node = new NodeId(3, 5);

        Assert.Equal(40UL, node.FirstLeaf);
        Assert.Equal(48UL, node.EndLeaf);
        Assert.Equal("node 3/5", node.ToString());
        Assert.Equal(7UL, new NodeId(0, 7).FirstLeaf);
        Assert.Equal(8UL, new NodeId(0, 7).EndLeaf);
    }
}
