using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Reporting.Building;

/// <summary>The disbursements (or reversals) of one budget × program × month, summed, with their first and last leaf.</summary>
internal sealed class TransactionAggregate
{
    public long Value { get; private set; }

    public long Count { get; private set; }

    public ulong FirstLeaf { get; private set; }

    public MerkleHash FirstLeafHash { get; private set; }

    public ulong LastLeaf { get; private set; }

    public MerkleHash LastLeafHash { get; private set; }

    public DateOnly LastDate { get; private set; }

    public void Add(long minorUnits, ulong leaf, in MerkleHash leafHash, DateOnly date)
    {
        if (Count == 0)
        {
            FirstLeaf = leaf;
            FirstLeafHash = leafHash;
        }

        Value = checked(Value + minorUnits);
        Count++;
        LastLeaf = leaf;
        LastLeafHash = leafHash;
        LastDate = date;
    }
}
