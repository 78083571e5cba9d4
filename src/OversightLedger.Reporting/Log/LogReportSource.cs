using System.Runtime.CompilerServices;
using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Building;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Replay;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Reporting.Log;

/// <summary>
/// Reads a log's entries for a report from any <see cref="ILogReader"/> (a directory, a server's <c>/log/</c>), entry
/// bundle by entry bundle (256 entries each), so memory stays bounded by one bundle in use and one being fetched,
/// whatever the size of the log.
/// </summary>
public static class LogReportSource
{
    /// <summary>How many entry bundles (of 256 entries) are parsed together, in parallel: 16, about 4,096 entries.</summary>
    internal const int ParseBatchBundles = 16;

    /// <summary>
    /// Streams leaves 0 to <paramref name="size"/> − 1 in order. With <paramref name="expectedRoot"/>, the leaves are also
    /// hashed into an RFC 6962 tree as they pass, and a <see cref="LogVerificationException"/> is thrown at the end when
    /// they do not hash to it: a consumer then knows that every leaf it saw is the one the checkpoint commits to.
    /// </summary>
    /// <remarks>
    /// When the partial bundle of <paramref name="size"/> is no longer served (a log may drop partial bundles once the
    /// full one exists), the full bundle is read and cut to the width needed.
    /// </remarks>
    /// <exception cref="LogVerificationException">A bundle is missing or malformed, or the leaves do not hash to <paramref name="expectedRoot"/>.</exception>
    public static async IAsyncEnumerable<LogLeaf> ReadLeavesAsync(
        ILogReader reader, ulong size, MerkleHash? expectedRoot = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TreeEdge? edge = expectedRoot is null ? null : new TreeEdge();
        var completed = new List<TileFile>();
        ulong bundles = TileLayout.TileCount(size, 0);
        Task<List<ReadOnlyMemory<byte>>>? next = bundles > 0 ? ReadBundleAsync(reader, size, 0, cancellationToken) : null;
        try
        {
            for (ulong bundle = 0; bundle < bundles; bundle++)
            {
                List<ReadOnlyMemory<byte>> entries = await next!.ConfigureAwait(false);
                // Fetch the next bundle while this one is consumed: over HTTP the round trip then overlaps the work.
                next = bundle + 1 < bundles ? ReadBundleAsync(reader, size, bundle + 1, cancellationToken) : null;
                ulong first = bundle * TileLayout.Width;
                for (int i = 0; i < entries.Count; i++)
                {
                    if (edge is not null)
                    {
                        edge.Append(Rfc6962.HashLeaf(entries[i].Span), completed);
                        completed.Clear();
                    }

                    yield return new LogLeaf(first + (ulong)i, entries[i]);
                }
            }
        }
        finally
        {
            // A consumer that stops early leaves a fetch in flight: observe its outcome so a failure is not left unobserved.
            next?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        if (edge is not null && edge.Root() != expectedRoot!.Value)
        {
            throw new LogVerificationException(
                $"the entries of {reader.Location} hash to root {edge.Root()} for size {size}, but the checkpoint says {expectedRoot.Value}.");
        }
    }

    /// <summary>
    /// Computes the report for <paramref name="quarter"/> at <paramref name="checkpoint"/> from the log: reads every leaf
    /// of the checkpoint's tree, checking that they hash to its root.
    /// </summary>
    /// <exception cref="LogVerificationException">A bundle is missing or malformed, or the entries do not hash to the checkpoint's root.</exception>
    public static async Task<QuarterlyReport> BuildReportAsync(
        ILogReader reader, ReportQuarter quarter, ReportCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        // The disbursement a reversal or a delivery names is found through an id index and read back, not kept.
        var leaves = new LoggedLeafReader(reader, checkpoint.Size, cancellationToken);
        var builder = new QuarterlyReportBuilder(quarter, checkpoint, new EarlierEntriesInLog(leaves));
        await foreach (ParsedLeaf[] batch in ReadParsedAsync(reader, checkpoint.Size, checkpoint.Root, cancellationToken).ConfigureAwait(false))
        {
            leaves.Remember(batch);
            foreach (ParsedLeaf leaf in batch)
            {
                if (leaf.Entry is not null)
                {
                    builder.Add(leaf.Index, leaf.Bytes.Span, leaf.Entry);
                }
                else
                {
                    builder.AddMalformed(leaf.Index, leaf.Error!);
                }
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// Streams leaves 0 to <paramref name="size"/> − 1 in batches of up to <see cref="ParseBatchBundles"/> bundles, each leaf
    /// parsed and hashed on every core (the costly part: a strict parse is a few microseconds per entry), the hashes
    /// folded into the tree in order; throws at the end when they do not hash to <paramref name="root"/>. A batch's
    /// leaves are in order; memory holds two batches (the one consumed and the one being read).
    /// </summary>
    internal static async IAsyncEnumerable<ParsedLeaf[]> ReadParsedAsync(
        ILogReader reader, ulong size, MerkleHash root, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var edge = new TreeEdge();
        var completed = new List<TileFile>();
        ulong bundles = TileLayout.TileCount(size, 0);
        Task<List<ReadOnlyMemory<byte>>[]>? pending = bundles > 0 ? ReadBundlesAsync(reader, size, 0, bundles, cancellationToken) : null;
        try
        {
            for (ulong firstBundle = 0; firstBundle < bundles; firstBundle += ParseBatchBundles)
            {
                List<ReadOnlyMemory<byte>>[] bundleEntries = await pending!.ConfigureAwait(false);
                // Read the next batch while this one is parsed and consumed.
                ulong nextBundle = firstBundle + ParseBatchBundles;
                pending = nextBundle < bundles ? ReadBundlesAsync(reader, size, nextBundle, bundles, cancellationToken) : null;
                ReadOnlyMemory<byte>[] entries = [.. bundleEntries.SelectMany(e => e)];
                ulong first = firstBundle * TileLayout.Width;
                var leaves = new ParsedLeaf[entries.Length];
                var hashes = new MerkleHash[entries.Length];
                Parallel.For(0, entries.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    ReadOnlySpan<byte> bytes = entries[i].Span;
                    hashes[i] = Rfc6962.HashLeaf(bytes);
                    leaves[i] = LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out string? error)
                        ? new ParsedLeaf(first + (ulong)i, entries[i], entry, null)
                        : new ParsedLeaf(first + (ulong)i, entries[i], null, error);
                });
                foreach (MerkleHash hash in hashes)
                {
                    edge.Append(hash, completed);
                    completed.Clear();
                }

                yield return leaves;
            }
        }
        finally
        {
            // A consumer that stops early leaves a read in flight: observe its outcome so a failure is not left unobserved.
            pending?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        if (edge.Root() != root)
        {
            throw new LogVerificationException($"the entries of {reader.Location} hash to root {edge.Root()} for size {size}, but the checkpoint says {root}.");
        }
    }

    /// <summary>
    /// The log's current checkpoint, its signature checked with <paramref name="logVerifier"/> (the log's verifier key);
    /// every other signature line (witness cosignatures) is kept as served.
    /// </summary>
    /// <exception cref="LogVerificationException">There is no checkpoint.</exception>
    /// <exception cref="NoteVerificationException">It is malformed or not signed by the log's key.</exception>
    public static async Task<ReportCheckpoint> ReadCheckpointAsync(ILogReader reader, NoteVerifier logVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte[] note = await reader.ReadAsync(TilePath.Checkpoint, cancellationToken).ConfigureAwait(false)
            ?? throw new LogVerificationException($"there is no checkpoint at {reader.Location}.");
        return ReportCheckpoint.From(SignedCheckpoint.Open(note, logVerifier));
    }

    private static Task<List<ReadOnlyMemory<byte>>[]> ReadBundlesAsync(ILogReader reader, ulong size, ulong firstBundle, ulong bundles, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, (int)Math.Min(ParseBatchBundles, bundles - firstBundle))
            .Select(i => ReadBundleAsync(reader, size, firstBundle + (ulong)i, cancellationToken)));

    /// <summary>The entries of bundle <paramref name="bundle"/> of a tree of <paramref name="size"/> leaves, as many as it must hold.</summary>
    /// <exception cref="LogVerificationException">The bundle is missing, malformed or holds another number of entries.</exception>
    internal static async Task<List<ReadOnlyMemory<byte>>> ReadBundleAsync(ILogReader reader, ulong size, ulong bundle, CancellationToken cancellationToken)
    {
        int width = TileLayout.TileWidth(size, 0, bundle);
        string path = TilePath.Entries(bundle, width);
        List<ReadOnlyMemory<byte>> entries;
        try
        {
            entries = await PartialTileReader.ReadEntriesAsync(reader, bundle, width, cancellationToken).ConfigureAwait(false)
                ?? throw new LogVerificationException($"{path} is missing from {reader.Location}.");
        }
        catch (FormatException e)
        {
            throw new LogVerificationException($"{path}: {e.Message}", e);
        }

        if (entries.Count != width)
        {
            throw new LogVerificationException($"{path} holds {entries.Count} entries, not {width}.");
        }

        return entries;
    }
}
