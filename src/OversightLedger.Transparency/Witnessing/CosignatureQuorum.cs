using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// An auditor's witness policy: a checkpoint is trusted only with valid cosignatures (c2sp.org/tlog-cosignature,
/// cosignature/v1) from at least <see cref="Quorum"/> distinct witnesses among those the auditor names. Lines of other
/// keys never count, however many there are; a line of a named key that does not verify does not count either.
/// </summary>
public sealed class CosignatureQuorum
{
    private readonly CosignatureVerifier[] _witnesses;

    /// <summary>A policy of <paramref name="quorum"/> out of <paramref name="witnessKeys"/> (duplicates count once).</summary>
    /// <exception cref="FormatException">A key is not a cosignature/v1 verifier key.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The quorum is below 1 or above the number of distinct witnesses.</exception>
    public CosignatureQuorum(IEnumerable<string> witnessKeys, int quorum)
    {
        ArgumentNullException.ThrowIfNull(witnessKeys);
        _witnesses = [.. witnessKeys.Select(k => k.Trim()).Distinct(StringComparer.Ordinal).Select(k => new CosignatureVerifier(k))];
        WitnessKeys = [.. witnessKeys.Select(k => k.Trim()).Distinct(StringComparer.Ordinal)];
        ArgumentOutOfRangeException.ThrowIfLessThan(quorum, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quorum, _witnesses.Length);
        if (_witnesses.GroupBy(w => (w.Name, w.KeyHash)).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new FormatException($"two witness keys share the name and key hash {clash.Key.Name}+{NoteKeys.FormatHash(clash.Key.KeyHash)}");
        }

        Quorum = quorum;
    }

    /// <summary>How many distinct named witnesses must have cosigned.</summary>
    public int Quorum { get; }

    /// <summary>The named witnesses' verifier keys, each once.</summary>
    public IReadOnlyList<string> WitnessKeys { get; }

    /// <summary>Each named witness's verdict on <paramref name="checkpoint"/>, given the note's signature lines, in the order the keys were named.</summary>
    public IReadOnlyList<WitnessCosignature> Check(Checkpoint checkpoint, IEnumerable<NoteSignature> signatureLines)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(signatureLines);
        NoteSignature[] lines = [.. signatureLines];
        var verdicts = new List<WitnessCosignature>(_witnesses.Length);
        for (int i = 0; i < _witnesses.Length; i++)
        {
            CosignatureVerifier witness = _witnesses[i];
            NoteSignature? line = lines.FirstOrDefault(l => l.Name == witness.Name && l.KeyHash == witness.KeyHash);
            if (line is null)
            {
                verdicts.Add(new WitnessCosignature(WitnessKeys[i], witness.Name, null, "no cosignature"));
                continue;
            }

            try
            {
                verdicts.Add(new WitnessCosignature(WitnessKeys[i], witness.Name, witness.Verify(checkpoint, line), null));
            }
            catch (NoteVerificationException e)
            {
                verdicts.Add(new WitnessCosignature(WitnessKeys[i], witness.Name, null, e.Message));
            }
        }

        return verdicts.AsReadOnly();
    }

    /// <summary>Whether <paramref name="verdicts"/> (from <see cref="Check"/>) reach the quorum.</summary>
    public bool IsMet(IEnumerable<WitnessCosignature> verdicts) => verdicts.Count(v => v.Counts) >= Quorum;
}
