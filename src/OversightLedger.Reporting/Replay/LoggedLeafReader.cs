using System.Security.Cryptography;
using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Log;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Reporting.Replay;

/// <summary>
/// The entry at an earlier leaf, for a bounded <c>LedgerReplay</c> (<c>LedgerReplay.OverLog</c>): from the batch being
/// replayed when it is there, else read back from the log, one bundle at a time (the last one read is kept).
/// </summary>
/// <remarks>
/// A log read twice could answer differently the second time (a server that serves other bytes to the same request):
/// the first pass keeps a SHA-256 of each bundle's entries (32 bytes per 256 leaves), and a bundle read back must match it,
/// so what the rules see again is what was verified against the checkpoint's root.
/// </remarks>
internal sealed class LoggedLeafReader(ILogReader reader, ulong size, CancellationToken cancellationToken)
{
    private readonly List<byte[]> _bundleDigests = [];
    private ParsedLeaf[] _batch = [];
    private ulong _cachedBundle = ulong.MaxValue;
    private List<ReadOnlyMemory<byte>> _cachedEntries = [];

    /// <summary>How many bundles were read back from the log.</summary>
    public long BundlesReadBack { get; private set; }

    /// <summary>Takes the next batch (in leaf order, starting at a bundle boundary): its leaves are answered from memory, and its bundles' digests kept.</summary>
    public void Remember(ParsedLeaf[] batch)
    {
        _batch = batch;
        for (int start = 0; start < batch.Length; start += TileLayout.Width)
        {
            ulong bundle = batch[start].Index / TileLayout.Width;
            if (bundle != (ulong)_bundleDigests.Count)
            {
                throw new InvalidOperationException($"The batch starts at bundle {bundle}, not {_bundleDigests.Count}.");
            }

            _bundleDigests.Add(Digest(new ArraySegment<ParsedLeaf>(batch, start, Math.Min(TileLayout.Width, batch.Length - start)).Select(l => l.Bytes)));
        }
    }

    /// <summary>The parsed entry at <paramref name="leafIndex"/> (null when malformed).</summary>
    /// <exception cref="LogVerificationException">The bundle read back is missing or differs from the one first read.</exception>
    public LedgerEntry? EntryAt(ulong leafIndex)
    {
        if (_batch.Length > 0 && leafIndex >= _batch[0].Index && leafIndex - _batch[0].Index < (ulong)_batch.Length)
        {
            return _batch[(int)(leafIndex - _batch[0].Index)].Entry;
        }

        ulong bundle = leafIndex / TileLayout.Width;
        if (bundle >= (ulong)_bundleDigests.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), leafIndex, "The leaf was not replayed yet.");
        }

        if (bundle != _cachedBundle)
        {
            List<ReadOnlyMemory<byte>> entries = LogReportSource.ReadBundleAsync(reader, size, bundle, cancellationToken).GetAwaiter().GetResult();
            BundlesReadBack++;
            if (!Digest(entries).AsSpan().SequenceEqual(_bundleDigests[(int)bundle]))
            {
                throw new LogVerificationException(
                    $"{TilePath.Entries(bundle, entries.Count)} at {reader.Location} changed while it was replayed: read back, its entries differ from the ones verified.");
            }

            _cachedBundle = bundle;
            _cachedEntries = entries;
        }

        return LedgerEntryParser.TryParse(_cachedEntries[(int)(leafIndex % TileLayout.Width)].Span, out LedgerEntry? entry, out _) ? entry : null;
    }

    private static byte[] Digest(IEnumerable<ReadOnlyMemory<byte>> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (ReadOnlyMemory<byte> entry in entries)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, entry.Length);
            hash.AppendData(length);
            hash.AppendData(entry.Span);
        }

        return hash.GetHashAndReset();
    }
}
