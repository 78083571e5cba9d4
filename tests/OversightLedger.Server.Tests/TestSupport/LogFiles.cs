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
