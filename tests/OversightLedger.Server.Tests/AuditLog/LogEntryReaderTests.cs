using System.Text;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Server.Tests.AuditLog;

/// <summary>
/// Reading entries at a tree size whose last tile was partial, after the log grew past it: the log keeps only the full
/// bundle then (it drops the partial one), and the reader must find the entries there rather than fail — a snapshot
/// or a recall under load asks at the size it saw a moment ago.
/// </summary>
public sealed class LogEntryReaderTests : IDisposable
{
    private const string Origin = "reader.test/log";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reader-");

    [Fact]
    public async Task An_entry_of_a_tile_partial_at_the_asked_size_is_read_from_its_full_bundle_once_the_partial_one_has_gone()
    {
        var storage = new FileSystemLogStorage(_directory.FullName);
        ReadOnlyMemory<byte>[] entries = [.. Enumerable.Range(0, TileLayout.Width).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"entry {i}"))];
        await storage.CommitAsync(
            [new TileFile(new TileAddress(TileAddress.EntriesLevel, 0, TileLayout.Width), EntryBundle.Encode(entries))], "checkpoint\n"u8.ToArray(), TestContext.Current.CancellationToken);
        Assert.Null(await storage.ReadAsync(TilePath.Entries(0, 10), TestContext.Current.CancellationToken));
        (string signerKey, _) = NoteSigner.Generate(Origin);
        using var signer = new NoteSigner(signerKey);
        var reader = new LogEntryReader(new AuditLogStore(storage, signer, Origin));

        byte[][] read = await reader.ReadAsync([3, 9], treeSize: 10, TestContext.Current.CancellationToken);

        Assert.Equal(["entry 3", "entry 9"], read.Select(e => Encoding.UTF8.GetString(e)));
    }

    [Fact]
    public async Task An_entry_whose_bundle_is_missing_at_every_width_is_an_error_not_another_entry()
    {
        var storage = new FileSystemLogStorage(_directory.FullName);
        (string signerKey, _) = NoteSigner.Generate(Origin);
        using var signer = new NoteSigner(signerKey);
        var reader = new LogEntryReader(new AuditLogStore(storage, signer, Origin));

        InvalidDataException missing = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync([3], treeSize: 10, TestContext.Current.CancellationToken));

        Assert.Contains(TilePath.Entries(0, 10), missing.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
