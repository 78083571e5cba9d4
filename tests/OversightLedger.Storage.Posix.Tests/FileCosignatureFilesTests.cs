using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Storage.Posix.Tests;

/// <summary>
/// Cosignature notes as files, <c>&lt;size&gt;.&lt;hex root&gt;.note</c>: an update stores what the merge makes of what is
/// stored, the newest note is the one of the largest size, and temporary files a crash left are removed on first use.
/// </summary>
public sealed class FileCosignatureFilesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Witness => Path.Combine(_directory.Path, "witness");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_update_merges_into_what_is_stored_and_another_instance_reads_it()
    {
        Checkpoint checkpoint = At(7);
        var files = new FileCosignatureFiles(Witness);
        byte[]? seenFirst = [0];
        byte[]? seenSecond = null;

        await files.UpdateAsync(checkpoint, stored => { seenFirst = stored; return Note("first"); }, Ct);
        byte[] merged = await files.UpdateAsync(checkpoint, stored => { seenSecond = stored; return [.. stored!, .. Note("second")]; }, Ct);

        Assert.Null(seenFirst);
        Assert.Equal(Note("first"), seenSecond);
        Assert.Equal(Note("first").Concat(Note("second")), merged);
        Assert.Equal(merged, await new FileCosignatureFiles(Witness).ReadAsync(checkpoint, Ct));
        Assert.Equal([$"7.{checkpoint.Root.ToHex()}.note"], Directory.EnumerateFiles(Witness).Select(path => Path.GetFileName(path)));
        Assert.Null(await files.ReadAsync(At(8), Ct));
    }

    [Fact]
    public async Task The_latest_note_is_that_of_the_largest_size_and_stale_temporary_files_are_removed()
    {
        Assert.Null(await new FileCosignatureFiles(Witness).ReadLatestAsync(Ct));
        var files = new FileCosignatureFiles(Witness);
        foreach (ulong size in new ulong[] { 9, 120, 15 })
        {
            await files.UpdateAsync(At(size), _ => Note($"size {size}"), Ct);
        }

        string stale = Path.Combine(Witness, $"200.{At(200).Root.ToHex()}.note.0123.tmp");
        await File.WriteAllTextAsync(stale, "torn", Ct);
        await File.WriteAllTextAsync(Path.Combine(Witness, "latest.note"), "not a size", Ct);

        Assert.Equal(Note("size 120"), await new FileCosignatureFiles(Witness).ReadLatestAsync(Ct));
        Assert.False(File.Exists(stale));
    }

    private static Checkpoint At(ulong size) => new("test.example/log", size, new MerkleHash(new byte[32].Select((_, i) => (byte)(i + (int)size)).ToArray()));

    private static byte[] Note(string text) => Encoding.UTF8.GetBytes(text + "\n");
}
