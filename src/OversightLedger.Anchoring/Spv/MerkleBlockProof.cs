using System.Buffers.Binary;
using System.Numerics;
using NBitcoin;
using NBitcoin.Crypto;

namespace OversightLedger.Anchoring.Spv;

/// <summary>
/// A serialised <c>CMerkleBlock</c>, as Bitcoin Core's <c>gettxoutproof</c> returns it: the 80-byte block header,
/// the block's transaction count, the partial merkle tree's hashes and its flag bits. Parsed strictly (canonical
/// sizes, nothing after the flags) and verified as Bitcoin Core's <c>CPartialMerkleTree::ExtractMatches</c> does,
/// with one more rule: the unused bits of the last flag byte must be zero (Bitcoin Core writes them so), so that
/// no byte of the proof can change without the proof failing.
/// </summary>
public sealed class MerkleBlockProof
{
    // Bitcoin Core's bound: MAX_BLOCK_WEIGHT / MIN_TRANSACTION_WEIGHT.
    private const uint MaxTransactions = 4_000_000 / 240;
    private const int HeaderSize = 80;

    private readonly byte[][] _hashes;
    private readonly byte[] _flags;

    private MerkleBlockProof(BlockHeader header, byte[] headerBytes, uint transactionCount, byte[][] hashes, byte[] flags)
    {
        Header = header;
        HeaderBytes = headerBytes;
        TransactionCount = transactionCount;
        _hashes = hashes;
        _flags = flags;
    }

    /// <summary>The block header.</summary>
    public BlockHeader Header { get; }

    /// <summary>The header's 80 bytes as they were in the proof.</summary>
    public ReadOnlyMemory<byte> HeaderBytes { get; }

    /// <summary>The number of transactions in the block.</summary>
    public uint TransactionCount { get; }

    /// <summary>Reads a serialised merkle block.</summary>
    /// <exception cref="AnchorVerificationException">The bytes are not a well-formed merkle block (<see cref="AnchorFailure.Malformed"/>).</exception>
    public static MerkleBlockProof Parse(ReadOnlySpan<byte> bytes, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var reader = new Reader(bytes);
        byte[] headerBytes = reader.Take(HeaderSize, "header");
        BlockHeader header = ParseHeader(headerBytes, network);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(reader.Take(4, "transaction count"));
        ulong hashCount = reader.CompactSize("hash count");
        if (hashCount > count)
        {
            throw Malformed($"the merkle block has {hashCount} hashes for {count} transactions");
        }

        var hashes = new byte[(int)hashCount][];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = reader.Take(32, "hash");
        }

        ulong flagCount = reader.CompactSize("flag byte count");
        if (flagCount > (ulong)bytes.Length)
        {
            throw Malformed("the merkle block's flag byte count runs past its end");
        }

        byte[] flags = reader.Take((int)flagCount, "flag bytes");
        if (!reader.AtEnd)
        {
            throw Malformed("the merkle block has bytes after its flags");
        }

        return new MerkleBlockProof(header, headerBytes, count, hashes, flags);
    }

    /// <summary>Reads an 80-byte block header.</summary>
    /// <exception cref="AnchorVerificationException">It is not 80 bytes (<see cref="AnchorFailure.Malformed"/>).</exception>
    public static BlockHeader ParseHeader(ReadOnlySpan<byte> bytes, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (bytes.Length != HeaderSize)
        {
            throw Malformed($"a block header is {HeaderSize} bytes, not {bytes.Length}");
        }

        BlockHeader header = network.Consensus.ConsensusFactory.CreateBlockHeader();
        header.ReadWrite(new BitcoinStream(bytes.ToArray()));
        return header;
    }

    /// <summary>
    /// The SPV check of one transaction in one block: the header's proof of work against its <c>bits</c> and the
    /// network's limit, and the partial merkle tree matches exactly <paramref name="txid"/> (no other transaction)
    /// and hashes up to the header's merkle root.
    /// </summary>
    /// <returns>The work the header proves (expected hashes).</returns>
    /// <exception cref="AnchorVerificationException">Proof of work (<see cref="AnchorFailure.ProofOfWork"/>) or the tree (<see cref="AnchorFailure.MerkleProof"/>) fails.</exception>
    public BigInteger VerifyTransaction(uint256 txid, Network network)
    {
        ArgumentNullException.ThrowIfNull(txid);
        BigInteger work = ProofOfWork.Check(Header, network);
        (uint256 root, List<uint256> matches) = ExtractMatches();
        if (root != Header.HashMerkleRoot)
        {
            throw new AnchorVerificationException(AnchorFailure.MerkleProof, $"the partial merkle tree hashes to {root}, not to block {Header.GetHash()}'s merkle root {Header.HashMerkleRoot}");
        }

        if (matches.Count != 1 || matches[0] != txid)
        {
            string found = matches.Count == 0 ? "no transaction" : string.Join(", ", matches);
            throw new AnchorVerificationException(AnchorFailure.MerkleProof, $"the merkle block matches {found}, not exactly transaction {txid}");
        }

        return work;
    }

    private (uint256 Root, List<uint256> Matches) ExtractMatches()
    {
        if (TransactionCount == 0 || TransactionCount > MaxTransactions)
        {
            throw Tree($"a block of {TransactionCount} transactions is impossible");
        }

        if ((ulong)_hashes.Length > TransactionCount || _flags.Length * 8L < _hashes.Length)
        {
            throw Tree("more hashes than transactions or flag bits");
        }

        int height = 0;
        while (Width(height) > 1)
        {
            height++;
        }

        var state = new Traversal();
        byte[] root = Traverse(height, 0, state);
        if (state.HashesUsed != _hashes.Length)
        {
            throw Tree($"the partial merkle tree uses {state.HashesUsed} of its {_hashes.Length} hashes");
        }

        if ((state.BitsUsed + 7) / 8 != _flags.Length)
        {
            throw Tree($"the partial merkle tree uses {state.BitsUsed} flag bits of {_flags.Length} bytes");
        }

        for (int bit = state.BitsUsed; bit < _flags.Length * 8; bit++)
        {
            if (Flag(bit))
            {
                throw Tree("an unused flag bit is set");
            }
        }

        return (new uint256(root), state.Matches);
    }

    private byte[] Traverse(int height, long position, Traversal state)
    {
        if (state.BitsUsed >= _flags.Length * 8)
        {
            throw Tree("the partial merkle tree runs out of flag bits");
        }

        bool parentOfMatch = Flag(state.BitsUsed++);
        if (height == 0 || !parentOfMatch)
        {
            if (state.HashesUsed >= _hashes.Length)
            {
                throw Tree("the partial merkle tree runs out of hashes");
            }

            byte[] hash = _hashes[state.HashesUsed++];
            if (height == 0 && parentOfMatch)
            {
                state.Matches.Add(new uint256(hash));
            }

            return hash;
        }

        byte[] left = Traverse(height - 1, position * 2, state);
        byte[] right = left;
        if ((position * 2) + 1 < Width(height - 1))
        {
            right = Traverse(height - 1, (position * 2) + 1, state);
            if (left.AsSpan().SequenceEqual(right))
            {
                // CVE-2012-2459: two equal siblings would let a tree of n transactions pose as one of n + 1.
                throw Tree("two sibling hashes are equal");
            }
        }

        byte[] pair = [.. left, .. right];
        return Hashes.DoubleSHA256RawBytes(pair, 0, pair.Length);
    }

    private long Width(int height) => (TransactionCount + (1L << height) - 1) >> height;

    private bool Flag(int bit) => (_flags[bit / 8] & (1 << (bit % 8))) != 0;

    private static AnchorVerificationException Tree(string message) => new(AnchorFailure.MerkleProof, message);

    private static AnchorVerificationException Malformed(string message) => new(AnchorFailure.Malformed, message);

    private sealed class Traversal
    {
        public int BitsUsed { get; set; }

        public int HashesUsed { get; set; }

        public List<uint256> Matches { get; } = [];
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly bool AtEnd => _rest.IsEmpty;

        public byte[] Take(int length, string what)
        {
            if (length > _rest.Length)
            {
                throw Malformed($"the merkle block ends inside its {what}");
            }

            byte[] taken = _rest[..length].ToArray();
            _rest = _rest[length..];
            return taken;
        }

        // Bitcoin's CompactSize, canonical encodings only.
        public ulong CompactSize(string what)
        {
            byte first = Take(1, what)[0];
            (ulong value, ulong minimum) = first switch
            {
                0xfd => (BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what)), 0xfdUL),
                0xfe => (BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what)), 0x10000UL),
                0xff => (BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what)), 0x100000000UL),
                _ => (first, 0UL),
            };
            if (value < minimum)
            {
                throw Malformed($"the merkle block's {what} is not canonically encoded");
            }

            return value;
        }
    }
}
