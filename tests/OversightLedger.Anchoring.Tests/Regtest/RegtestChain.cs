using NBitcoin;

namespace OversightLedger.Anchoring.Tests.Regtest;

/// <summary>
/// A Bitcoin regtest block chain built in the test process with NBitcoin: real blocks on top of the regtest
/// genesis, each mined (nonce searched) until its hash meets the regtest target, with real coinbase and
/// transactions, so merkle blocks and headers taken from it are what a regtest node would serve.
/// </summary>
internal sealed class RegtestChain
{
    private readonly List<Block> _blocks;

    public RegtestChain()
    {
        _blocks = [Network.GetGenesis()];
    }

    public static Network Network => Network.RegTest;

    public IReadOnlyList<Block> Blocks => _blocks;

    public Block Tip => _blocks[^1];

    /// <summary>Mines the next block, paying its coinbase to <paramref name="payTo"/> and holding <paramref name="transactions"/>.</summary>
    public Block Mine(BitcoinAddress payTo, params Transaction[] transactions)
    {
        Block block = Tip.CreateNextBlockWithCoinbase(payTo, _blocks.Count, Tip.Header.BlockTime.AddMinutes(10));
        foreach (Transaction transaction in transactions)
        {
            block.AddTransaction(transaction);
        }

        block.UpdateMerkleRoot();
        block.Header.Bits = Network.Consensus.PowLimit;
        while (!block.Header.CheckProofOfWork())
        {
            block.Header.Nonce++;
        }

        _blocks.Add(block);
        return block;
    }

    /// <summary>Mines <paramref name="count"/> empty blocks.</summary>
    public void MineEmpty(BitcoinAddress payTo, int count)
    {
        for (int i = 0; i < count; i++)
        {
            Mine(payTo);
        }
    }

    /// <summary>Removes the blocks above <paramref name="height"/> (a reorganisation's first half); returns them, lowest first.</summary>
    public IReadOnlyList<Block> TruncateAbove(int height)
    {
        List<Block> removed = _blocks[(height + 1)..];
        _blocks.RemoveRange(height + 1, removed.Count);
        return removed;
    }

    /// <summary>The height of the block holding <paramref name="txid"/>.</summary>
    public int HeightOf(uint256 txid) => _blocks.FindIndex(b => b.Transactions.Any(t => t.GetHash() == txid));

    /// <summary>The serialised merkle block (what <c>gettxoutproof</c> returns) proving <paramref name="txid"/>.</summary>
    public byte[] TxOutProof(uint256 txid) => new MerkleBlock(_blocks[HeightOf(txid)], [txid]).ToBytes();

    /// <summary>The 80-byte headers from <paramref name="height"/> up to the tip.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> HeadersFrom(int height) =>
        [.. _blocks.Skip(height).Select(b => (ReadOnlyMemory<byte>)b.Header.ToBytes())];
}
