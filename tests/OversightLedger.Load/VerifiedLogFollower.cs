using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Load;

/// <summary>
/// Follows a server's public log across its restarts, keeping every leaf hash it has read: each new checkpoint is read
/// with its leaves from the entry bundles, which must hash to its root (the log rebuilt from its tiles); any checkpoint
/// seen, before or after a restart, must be the root of a prefix of those same leaves, so no two checkpoints disagree (no
/// fork, nothing taken back); an acknowledged disbursement must be the entry at its leaf; and the budget's disbursed
/// total is what the log's entries add up to (<see cref="LedgerReplay"/>).
/// </summary>
internal sealed class VerifiedLogFollower
{
    private readonly NoteVerifier _verifier;
    private readonly string _budget;
    private readonly TreeEdge _edge = new();
    private readonly List<MerkleHash> _leafHashes = [];
    private readonly Dictionary<ulong, MerkleHash> _rootAt = new() { [0] = Rfc6962.EmptyRoot };
    private readonly Dictionary<ulong, Disbursed> _disbursements = [];
    private readonly LedgerReplay _replay;

    public VerifiedLogFollower(NoteVerifier verifier, string budget)
    {
        _verifier = verifier;
        _budget = budget;
        _replay = LedgerReplay.ForBudget(budget);
    }

    /// <summary>How many leaves have been read and verified.</summary>
    public ulong VerifiedSize => (ulong)_leafHashes.Count;

    /// <summary>The budget's disbursed total according to the leaves read so far.</summary>
    public string Disbursed => _replay.Budgets.TryGetValue(_budget, out Domain.Budgets.ReliefBudget? budget) ? budget.Disbursed.ToDecimalString() : "0";

    /// <summary>The checkpoint in a served note, if the log's key signed it.</summary>
    /// <exception cref="NoteVerificationException">It is not a checkpoint signed by the log's key.</exception>
    public Checkpoint Open(byte[] note) => SignedCheckpoint.Open(note, _verifier).Checkpoint;

    /// <summary>
    /// Reads the leaves after <see cref="VerifiedSize"/> up to <paramref name="checkpoint"/>'s size and checks that all the
    /// leaves hash to its root, noting the roots at <paramref name="sizesToNote"/> on the way; the problem, or null.
    /// </summary>
    public async Task<string?> CatchUpAsync(ILogReader log, Checkpoint checkpoint, IReadOnlySet<ulong> sizesToNote, CancellationToken cancellationToken)
    {
        if (checkpoint.Size < VerifiedSize)
        {
            return CheckPrefix(checkpoint); // shorter than what was verified: it must at least be a prefix
        }

        for (ulong bundle = VerifiedSize / TileLayout.Width; VerifiedSize < checkpoint.Size; bundle++)
        {
            int width = (int)Math.Min(TileLayout.Width, checkpoint.Size - (bundle * TileLayout.Width));
            List<ReadOnlyMemory<byte>>? entries = await PartialTileReader.ReadEntriesAsync(log, bundle, width, cancellationToken).ConfigureAwait(false);
            if (entries is null || entries.Count < width)
            {
                return $"entry bundle {bundle} (width {width}) of the tree of {checkpoint.Size} is missing or short";
            }

            for (int i = (int)(VerifiedSize - (bundle * TileLayout.Width)); i < width; i++)
            {
                Append(VerifiedSize, entries[i]);
                if (sizesToNote.Contains(VerifiedSize))
                {
                    _rootAt[VerifiedSize] = _edge.Root();
                }
            }
        }

        MerkleHash root = _edge.Root();
        _rootAt[VerifiedSize] = root;
        return root.Equals(checkpoint.Root) ? null : $"the {checkpoint.Size} leaves in the tiles do not hash to the checkpoint's root";
    }

    /// <summary>Whether <paramref name="checkpoint"/> is the root of the first of the verified leaves; the problem, or null.</summary>
    public string? CheckPrefix(Checkpoint checkpoint)
    {
        if (checkpoint.Size > VerifiedSize)
        {
            return $"a checkpoint of {checkpoint.Size} leaves was served, but the log has {VerifiedSize} after the restart";
        }

        if (!_rootAt.TryGetValue(checkpoint.Size, out MerkleHash root))
        {
            var edge = new TreeEdge();
            for (int i = 0; i < (int)checkpoint.Size; i++)
            {
                edge.Append(_leafHashes[i], fullTiles: null);
            }

            root = _rootAt[checkpoint.Size] = edge.Root();
        }

        return root.Equals(checkpoint.Root) ? null : $"the checkpoint of {checkpoint.Size} leaves is not the root of the log's first {checkpoint.Size} leaves (a fork)";
    }

    /// <summary>Whether the verified log holds <paramref name="acknowledged"/> at its leaf; the problem, or null.</summary>
    public string? CheckAcknowledged(AcknowledgedDisbursement acknowledged) =>
        acknowledged.Leaf >= VerifiedSize ? $"{acknowledged.ClientId} was acknowledged at leaf {acknowledged.Leaf}, beyond the log's {VerifiedSize} leaves"
        : !_disbursements.TryGetValue(acknowledged.Leaf, out Disbursed? entry) ? $"{acknowledged.ClientId} was acknowledged at leaf {acknowledged.Leaf}, which holds no disbursement"
        : !acknowledged.IsRecordedBy(entry) ? $"{acknowledged.ClientId} was acknowledged at leaf {acknowledged.Leaf}, which holds {entry.Id}"
        : null;

    private void Append(ulong leaf, ReadOnlyMemory<byte> entry)
    {
        MerkleHash hash = Rfc6962.HashLeaf(entry.Span);
        _edge.Append(hash, fullTiles: null);
        _leafHashes.Add(hash);
        if (LedgerEntryParser.TryParse(entry.Span, out LedgerEntry? parsed, out _))
        {
            if (parsed is Disbursed disbursed)
            {
                _disbursements[leaf] = disbursed;
            }

            _replay.Apply(leaf, parsed);
        }
    }
}
