using System.Numerics;
using NBitcoin;

namespace OversightLedger.Anchoring.Spv;

/// <summary>
/// Bitcoin Core's <c>CheckProofOfWork</c> for one header: its compact <c>bits</c> decode to a target that is
/// positive, not negative, does not overflow and is no higher than the network's proof-of-work limit, and the
/// header's hash, read as a 256-bit number, is at most that target.
/// </summary>
public static class ProofOfWork
{
    /// <summary>Checks the header's work and returns the expected number of hashes it took, 2^256 / (target + 1).</summary>
    /// <exception cref="AnchorVerificationException">The target is invalid or above the limit, or the hash does not meet it (<see cref="AnchorFailure.ProofOfWork"/>).</exception>
    public static BigInteger Check(BlockHeader header, Network network)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(network);
        uint bits = header.Bits.ToCompact();
        uint256 hash = header.GetHash();
        BigInteger target = DecodeCompact(bits)
            ?? throw new AnchorVerificationException(AnchorFailure.ProofOfWork, $"block {hash}: bits 0x{bits:x8} are not a valid target (zero, negative or overflowing)");
        Target powLimit = network.Consensus.PowLimit ?? throw new ArgumentException($"Network {network.Name} has no proof-of-work limit.", nameof(network));
        BigInteger limit = ToNumber(powLimit.ToUInt256());
        if (target > limit)
        {
            throw new AnchorVerificationException(AnchorFailure.ProofOfWork, $"block {hash}: bits 0x{bits:x8} ask for less work than the {network.Name} limit allows");
        }

        if (ToNumber(hash) > target)
        {
            throw new AnchorVerificationException(AnchorFailure.ProofOfWork, $"block {hash}: the hash does not meet its target (bits 0x{bits:x8})");
        }

        return (BigInteger.One << 256) / (target + 1);
    }

    /// <summary>The target that compact bits encode (arith_uint256::SetCompact), or null when it is zero, negative or overflows 256 bits.</summary>
    public static BigInteger? DecodeCompact(uint bits)
    {
        int size = (int)(bits >> 24);
        uint word = bits & 0x007fffff;
        bool negative = word != 0 && (bits & 0x00800000) != 0;
        bool overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        BigInteger target = size <= 3 ? new BigInteger(word >> (8 * (3 - size))) : new BigInteger(word) << (8 * (size - 3));
        return negative || overflow || target.IsZero ? null : target;
    }

    // uint256 serialises little-endian; the number Bitcoin compares is that little-endian integer.
    private static BigInteger ToNumber(uint256 value) => new(value.ToBytes(), isUnsigned: true, isBigEndian: false);
}
