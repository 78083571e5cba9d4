using System.Security.Cryptography;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>
/// A deliberately naive RFC 6962 Merkle tree, written straight from the definitions of §2.1 (MTH),
/// §2.1.1 (PATH) and §2.1.2 (PROOF / SUBPROOF): recursive, hashing from the raw entries every time,
/// with its own SHA-256 calls so that it shares no code with the library it checks. Slow on purpose.
/// </summary>
internal sealed class ReferenceMerkleTree
{
    private readonly byte[][] _entries;

    public ReferenceMerkleTree(IEnumerable<byte[]> entries)
    {
        _entries = [.. entries];
    }

    /// <summary>The number of entries, n.</summary>
    public int Size => _entries.Length;

    /// <summary>MTH(D[0:size]): the root of the first <paramref name="size"/> entries.</summary>
    public byte[] Mth(int size)
    {
        CheckSize(size);
        return Mth(0, size);
    }

    /// <summary>SHA-256(0x00 ‖ d(m)): the leaf hash of entry <paramref name="m"/>.</summary>
    public byte[] LeafHash(int m) => Mth(m, m + 1);

    /// <summary>PATH(m, D[0:size]): the audit path of entry <paramref name="m"/>, leaf side first.</summary>
    public List<byte[]> Path(int m, int size)
    {
        CheckSize(size);
        if (m < 0 || m >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"PATH is defined for 0 <= m < n, not m={m}, n={size}.");
        }

        return Path(m, 0, size);
    }

    /// <summary>
    /// PROOF(m, D[0:size]) = SUBPROOF(m, D[0:size], true). RFC 6962 defines it for 0 &lt; m &lt; n;
    /// m == n gives the empty proof (SUBPROOF's first case), as RFC 9162 verifiers expect.
    /// </summary>
    public List<byte[]> Proof(int m, int size)
    {
        CheckSize(size);
        if (m <= 0 || m > size)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"PROOF is defined for 0 < m <= n, not m={m}, n={size}.");
        }

        return Subproof(m, 0, size, true);
    }

    /// <summary>
    /// Where each element of PATH(m, D[n]) sits: 'L' when the sibling is on the left of the path, 'R'
    /// when it is on the right; leaf side first. Two (m, n) with the same shape are indistinguishable
    /// to an RFC 9162 verifier, which sees only the hashes.
    /// </summary>
    public static string PathShape(ulong m, ulong n)
    {
        if (n == 1)
        {
            return string.Empty;
        }

        ulong k = LargestPowerOfTwoBelow(n);
        return m < k ? PathShape(m, k) + "R" : PathShape(m - k, n - k) + "L";
    }

    /// <summary>
    /// The shape of PROOF(m, D[n]): "=" when m == n; otherwise 'S' when the proof starts with an explicit
    /// MTH(D[0:m])-subtree seed (SUBPROOF's "b is false" case), then per element 'R' (appended on the
    /// right, new tree only) or 'L' (on the left of both trees).
    /// </summary>
    public static string ProofShape(ulong m, ulong n) => m == n ? "=" : SubproofShape(m, n, true);

    private static string SubproofShape(ulong m, ulong n, bool b)
    {
        if (m == n)
        {
            return b ? string.Empty : "S";
        }

        ulong k = LargestPowerOfTwoBelow(n);
        return m <= k ? SubproofShape(m, k, b) + "R" : SubproofShape(m - k, n - k, false) + "L";
    }

    // MTH({}) = SHA-256(); MTH({d(0)}) = SHA-256(0x00 || d(0));
    // MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n.
    private byte[] Mth(int begin, int end)
    {
        int n = end - begin;
        if (n == 0)
        {
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (n == 1)
        {
            return SHA256.HashData([0x00, .. _entries[begin]]);
        }

        int k = (int)LargestPowerOfTwoBelow((ulong)n);
        return SHA256.HashData([0x01, .. Mth(begin, begin + k), .. Mth(begin + k, end)]);
    }

    // PATH(0, {d(0)}) = {}; for m < k: PATH(m, D[0:k]) : MTH(D[k:n]); for m >= k: PATH(m - k, D[k:n]) : MTH(D[0:k]).
    private List<byte[]> Path(int m, int begin, int end)
    {
        int n = end - begin;
        if (n == 1)
        {
            return [];
        }

        int k = (int)LargestPowerOfTwoBelow((ulong)n);
        if (m < k)
        {
            return [.. Path(m, begin, begin + k), Mth(begin + k, end)];
        }

        return [.. Path(m - k, begin + k, end), Mth(begin, begin + k)];
    }

    // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])};
    // for m <= k: SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); for m > k: SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
    private List<byte[]> Subproof(int m, int begin, int end, bool b)
    {
        int n = end - begin;
        if (m == n)
        {
            return b ? [] : [Mth(begin, end)];
        }

        int k = (int)LargestPowerOfTwoBelow((ulong)n);
        if (m <= k)
        {
            return [.. Subproof(m, begin, begin + k, b), Mth(begin + k, end)];
        }

        return [.. Subproof(m - k, begin + k, end, false), Mth(begin, begin + k)];
    }

    // The RFC's k: the largest power of two smaller than n (n >= 2), found the slow way.
    private static ulong LargestPowerOfTwoBelow(ulong n)
    {
        ulong k = 1;
        while (k < n - k)
        {
            k *= 2;
        }

        return k;
    }

    private void CheckSize(int size)
    {
        if (size < 0 || size > _entries.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"The tree has {_entries.Length} entries, not {size}.");
        }
    }
}
