using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>Reads a log straight from its directory (tlog-tiles layout), sharing nothing with the server.</summary>
public static class LogFiles
{
    /// <summary>The directory's checkpoint, opened (signature checked) with <paramref name="verifier"/>.</summary>
    public static async Task<SignedCheckpoint> ReadCheckpointAsync(string logDirectory, NoteVerifier verifier, CancellationToken cancellationToken)
    {
        byte[] checkpoint = await new FileSystemLogStorage(logDirectory).ReadAsync(TilePath.Checkpoint, cancellationToken)
            ?? throw new InvalidDataException($"{logDirectory} has no checkpoint.");
        return SignedCheckpoint.Open(checkpoint, verifier);
    }

    /// <summary>
    /// The directory's checkpoint once it is <paramref name="expected"/> (what the server serves), or whatever it is
    /// after 15 s: a running server makes each commit durable in its journal at once and writes it to the directory
    /// about a second later, so a test comparing the two waits for the directory.
    /// </summary>
    public static async Task<byte[]> WaitForCheckpointAsync(string logDirectory, byte[] expected, CancellationToken cancellationToken)
    {
        var storage = new FileSystemLogStorage(logDirectory);
        long deadline = Environment.TickCount64 + 15_000;
        while (true)
        {
            byte[] onDisk = await storage.ReadAsync(TilePath.Checkpoint, cancellationToken).ConfigureAwait(false) ?? [];
            if (onDisk.AsSpan().SequenceEqual(expected) || Environment.TickCount64 > deadline)
            {
                return onDisk;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first <paramref name="size"/> entries, in log order, from the entry bundles.</summary>
    public static async Task<List<byte[]>> ReadEntriesAsync(string logDirectory, ulong size, CancellationToken cancellationToken)
    {
        var storage = new FileSystemLogStorage(logDirectory);
        var entries = new List<byte[]>(checked((int)size));
        for (ulong bundle = 0; bundle < TileLayout.TileCount(size, 0); bundle++)
        {
            string path = TilePath.Entries(bundle, TileLayout.TileWidth(size, 0, bundle));
            byte[] bytes = await storage.ReadAsync(path, cancellationToken) ?? throw new InvalidDataException($"{path} is missing from {logDirectory}.");
            entries.AddRange(EntryBundle.Decode(bytes).Select(e => e.ToArray()));
        }

        return entries;
    }
}
