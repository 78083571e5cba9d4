using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Integration;

/// <summary>
/// Appends batches of entries to a tlog-tiles log: hashes them, writes every tile and entry bundle the
/// batch touches exactly once, and only then writes the signed checkpoint. A crash at any point leaves
/// the previous checkpoint, whose tiles are untouched (tiles beyond it are simply rewritten later).
/// One writer per log; appends are serialised.
/// </summary>
public sealed class TileLogWriter
{
    private const int ParallelHashingThreshold = 4096;
    private readonly ILogStorage _storage;
    private readonly ICheckpointSigner _signer;
    private readonly TreeEdge _edge;
    private readonly List<ReadOnlyMemory<byte>> _partialBundle;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _faulted;

    private TileLogWriter(ILogStorage storage, ICheckpointSigner signer, TreeEdge edge, List<ReadOnlyMemory<byte>> partialBundle)
    {
        _storage = storage;
        _signer = signer;
        _edge = edge;
        _partialBundle = partialBundle;
        Root = edge.Root();
    }

    /// <summary>The number of entries in the log.</summary>
    public ulong Size => _edge.Size;

    /// <summary>The root of the log at <see cref="Size"/>.</summary>
    public MerkleHash Root { get; private set; }

    /// <summary>Starts an empty log: writes the checkpoint of size 0.</summary>
    /// <exception cref="InvalidOperationException">The storage already holds a checkpoint.</exception>
    public static async Task<TileLogWriter> CreateAsync(ILogStorage storage, ICheckpointSigner signer, CancellationToken cancellationToken = default)
    {
        if (await storage.ReadAsync(TilePath.Checkpoint, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new InvalidOperationException($"{storage.Location} already holds a log.");
        }

        await storage.CommitAsync([], signer.Sign(0, Rfc6962.EmptyRoot), cancellationToken).ConfigureAwait(false);
        return new TileLogWriter(storage, signer, new TreeEdge(), []);
    }

    /// <summary>
    /// Continues a log whose verified checkpoint says <paramref name="size"/> and <paramref name="root"/>:
    /// reads the partial tiles and bundle of that size and checks that they reproduce the root.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored tiles do not reproduce the checkpoint's root.</exception>
    public static async Task<TileLogWriter> OpenAsync(ILogStorage storage, ICheckpointSigner signer, ulong size, MerkleHash root, CancellationToken cancellationToken = default)
    {
        TreeEdge edge = await TreeEdge.LoadAsync(size, async address =>
        {
            byte[] bytes = await storage.ReadAsync(address.Path, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{address.Path} is missing from {storage.Location}.");
            return HashTile.Decode(bytes, address.Width, address.Path);
        }).ConfigureAwait(false);

        MerkleHash computed = edge.Root();
        if (computed != root)
        {
            throw new InvalidDataException($"The tiles in {storage.Location} give root {computed} for size {size}, not the checkpoint's {root}.");
        }

        var bundle = new List<ReadOnlyMemory<byte>>(TileLayout.Width);
        int partialEntries = (int)(size % TileLayout.Width);
        if (partialEntries > 0)
        {
            string path = TilePath.Entries(size / TileLayout.Width, partialEntries);
            byte[] bytes = await storage.ReadAsync(path, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{path} is missing from {storage.Location}.");
            List<ReadOnlyMemory<byte>> entries = EntryBundle.Decode(bytes);
            if (entries.Count != partialEntries)
            {
                throw new InvalidDataException($"{path} holds {entries.Count} entries, not {partialEntries}.");
            }

            bundle.AddRange(entries);
        }

        return new TileLogWriter(storage, signer, edge, bundle);
    }

    /// <summary>
    /// Appends <paramref name="entries"/> in order and returns once they, their tiles and a checkpoint
    /// covering them are durable. If storage fails the writer refuses further appends: open it again.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is longer than 65,535 bytes (nothing is written).</exception>
    public async Task<LogAppendResult> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken = default)
    {
        foreach (ReadOnlyMemory<byte> entry in entries)
        {
            EntryBundle.CheckSize(entry.Length);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_faulted)
            {
                throw new InvalidOperationException("An earlier append failed part-way; open the log again to continue from its checkpoint.");
            }

            ulong firstIndex = _edge.Size;
            if (entries.Count == 0)
            {
                return new LogAppendResult(firstIndex, firstIndex, Root, _signer.Sign(firstIndex, Root));
            }

            _faulted = true;
            MerkleHash[] leafHashes = HashLeaves(entries);
            var tiles = new List<TileFile>((entries.Count / TileLayout.Width * 2) + 8);
            int[] widthsBefore = PartialWidths();
            int ownedEntries = _partialBundle.Count;
            for (int i = 0; i < entries.Count; i++)
            {
                _edge.Append(leafHashes[i], tiles);
                _partialBundle.Add(entries[i]);
                if (_partialBundle.Count == TileLayout.Width)
                {
                    ulong bundleIndex = (_edge.Size - 1) / TileLayout.Width;
                    tiles.Add(new TileFile(new TileAddress(TileAddress.EntriesLevel, bundleIndex, TileLayout.Width), EntryBundle.Encode(_partialBundle)));
                    _partialBundle.Clear();
                    ownedEntries = 0;
                }
            }

            // Partial tiles only where the batch changed them: a level whose width is unchanged and
            // that completed no tile still has the same partial tile on disk.
            foreach (TileFile partial in _edge.PartialTiles())
            {
                int level = partial.Address.Level;
                if (level >= widthsBefore.Length || widthsBefore[level] != partial.Address.Width || tiles.Exists(t => t.Address.Level == level))
                {
                    tiles.Add(partial);
                }
            }

            if (_partialBundle.Count > 0)
            {
                ulong bundleIndex = _edge.Size / TileLayout.Width;
                tiles.Add(new TileFile(new TileAddress(TileAddress.EntriesLevel, bundleIndex, _partialBundle.Count), EntryBundle.Encode(_partialBundle)));
                CopyCallerEntries(ownedEntries);
            }

            Root = _edge.Root();
            byte[] checkpoint = _signer.Sign(_edge.Size, Root);
            await _storage.CommitAsync(tiles, checkpoint, cancellationToken).ConfigureAwait(false);
            _faulted = false;
            return new LogAppendResult(firstIndex, _edge.Size, Root, checkpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static MerkleHash[] HashLeaves(IReadOnlyList<ReadOnlyMemory<byte>> entries)
    {
        var hashes = new MerkleHash[entries.Count];
        if (entries.Count < ParallelHashingThreshold)
        {
            for (int i = 0; i < hashes.Length; i++)
            {
                hashes[i] = Rfc6962.HashLeaf(entries[i].Span);
            }
        }
        else
        {
            Parallel.For(0, hashes.Length, i => hashes[i] = Rfc6962.HashLeaf(entries[i].Span));
        }

        return hashes;
    }

    private int[] PartialWidths()
    {
        int levels = TileLayout.LevelCount(_edge.Size) + 1;
        var widths = new int[levels];
        for (int level = 0; level < levels; level++)
        {
            widths[level] = _edge.PartialWidth(level);
        }

        return widths;
    }

    /// <summary>Keeps the partial bundle's entries in memory the writer owns, not the caller's buffers.</summary>
    private void CopyCallerEntries(int from)
    {
        for (int i = from; i < _partialBundle.Count; i++)
        {
            _partialBundle[i] = _partialBundle[i].ToArray();
        }
    }
}
