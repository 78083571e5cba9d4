using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Proofs;

/// <summary>
/// Verifies inclusion and consistency proofs with the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
/// Both allocate nothing and throw <see cref="ProofVerificationException"/> saying why a proof fails.
/// </summary>
public static class ProofVerifier
{
    /// <summary>Checks that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="size"/> leaves with root <paramref name="root"/>.</summary>
    /// <exception cref="ProofVerificationException">The proof does not show it.</exception>
    public static void VerifyInclusion(ulong index, ulong size, in MerkleHash leafHash, ReadOnlySpan<MerkleHash> proof, in MerkleHash root)
    {
        MerkleHash computed = RootFromInclusionProof(index, size, leafHash, proof);
        if (computed != root)
        {
            throw new ProofVerificationException($"inclusion proof of leaf {index} in tree of size {size}", root, computed);
        }
    }

    /// <summary>The root that an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1–4).</summary>
    /// <exception cref="ProofVerificationException">The proof has the wrong length for (index, size).</exception>
    public static MerkleHash RootFromInclusionProof(ulong index, ulong size, in MerkleHash leafHash, ReadOnlySpan<MerkleHash> proof)
    {
        if (index >= size)
        {
            throw new ProofVerificationException($"leaf index {index} is not in a tree of size {size}");
        }

        ulong fn = index, sn = size - 1;
        MerkleHash r = leafHash;
        foreach (ref readonly MerkleHash p in proof)
        {
            if (sn == 0)
            {
                throw new ProofVerificationException($"inclusion proof of leaf {index} in tree of size {size} is too long ({proof.Length} hashes)");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Rfc6962.HashChildren(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Rfc6962.HashChildren(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            throw new ProofVerificationException($"inclusion proof of leaf {index} in tree of size {size} is too short ({proof.Length} hashes)");
        }

        return r;
    }

    /// <summary>
    /// Checks that the tree of <paramref name="oldSize"/> leaves with root <paramref name="oldRoot"/> is a prefix of the
    /// tree of <paramref name="newSize"/> leaves with root <paramref name="newRoot"/>. Sizes must satisfy
    /// 0 &lt; oldSize ≤ newSize: as in transparency-dev/merkle, a proof from the empty tree is refused
    /// (every tree extends it, so there is nothing to prove; callers treat that case themselves).
    /// Equal sizes need an empty proof and equal roots.
    /// </summary>
    /// <exception cref="ProofVerificationException">The proof does not show it.</exception>
    public static void VerifyConsistency(ulong oldSize, ulong newSize, in MerkleHash oldRoot, in MerkleHash newRoot, ReadOnlySpan<MerkleHash> proof)
    {
        if (oldSize == 0)
        {
            throw new ProofVerificationException($"{What(oldSize, newSize)}: a consistency proof from the empty tree is not defined");
        }

        if (oldSize > newSize)
        {
            throw new ProofVerificationException($"{What(oldSize, newSize)}: the old size is larger than the new size");
        }

        if (oldSize == newSize)
        {
            if (!proof.IsEmpty)
            {
                throw new ProofVerificationException($"{What(oldSize, newSize)}: equal sizes need an empty proof, got {proof.Length} hashes");
            }

            if (oldRoot != newRoot)
            {
                throw new ProofVerificationException(What(oldSize, newSize), oldRoot, newRoot);
            }

            return;
        }

        if (proof.IsEmpty)
        {
            throw new ProofVerificationException($"{What(oldSize, newSize)}: the proof is empty");
        }

        // RFC 9162 §2.1.4.2: when the old size is a power of two, the old root is the proof's implicit first element.
        bool oldIsPowerOfTwo = (oldSize & (oldSize - 1)) == 0;
        MerkleHash first = oldIsPowerOfTwo ? oldRoot : proof[0];
        ReadOnlySpan<MerkleHash> rest = oldIsPowerOfTwo ? proof : proof[1..];

        ulong fn = oldSize - 1, sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        MerkleHash fr = first, sr = first;
        foreach (ref readonly MerkleHash c in rest)
        {
            if (sn == 0)
            {
                throw new ProofVerificationException($"{What(oldSize, newSize)} is too long ({proof.Length} hashes)");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Rfc6962.HashChildren(c, fr);
                sr = Rfc6962.HashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = Rfc6962.HashChildren(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            throw new ProofVerificationException($"{What(oldSize, newSize)} is too short ({proof.Length} hashes)");
        }

        if (fr != oldRoot)
        {
            throw new ProofVerificationException($"{What(oldSize, newSize)} (old tree)", oldRoot, fr);
        }

        if (sr != newRoot)
        {
            throw new ProofVerificationException($"{What(oldSize, newSize)} (new tree)", newRoot, sr);
        }
    }

    // Built only on the way to an exception: a valid proof allocates nothing.
    private static string What(ulong oldSize, ulong newSize) => $"consistency proof from size {oldSize} to {newSize}";
}
