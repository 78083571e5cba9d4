using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Transparency.Tests.Verification;

public class TileLogVerifierTests
{
    [Theory]
    [InlineData("log-300")]
    [InlineData("log-1500")]
    public async Task Go_written_logs_verify(string name)
    {
        (ulong size, MerkleHash root) = GoTlog.TreeHead(name);
        var seen = new List<ulong>();
        await TileLogVerifier.VerifyAsync(GoTlog.Open(name), size, root, new SynchronousProgress(seen.Add), TestContext.Current.CancellationToken);
        Assert.Equal(size, seen[^1]);
    }

    [Fact]
    public async Task A_tampered_level0_hash_tile_fails_naming_the_tile()
    {
        (ulong size, MerkleHash root) = GoTlog.TreeHead("tampered-hash-tile");
        var error = await Assert.ThrowsAsync<LogVerificationException>(() =>
            TileLogVerifier.VerifyAsync(GoTlog.Open("tampered-hash-tile"), size, root, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Matches(@"tile/0/\d{3}", error.Message);
    }

    [Fact]
    public async Task A_tampered_entry_fails_naming_the_entry()
    {
        (ulong size, MerkleHash root) = GoTlog.TreeHead("tampered-entry");
        var error = await Assert.ThrowsAsync<LogVerificationException>(() =>
            TileLogVerifier.VerifyAsync(GoTlog.Open("tampered-entry"), size, root, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Matches(@"^entry \d+ in tile/entries/", error.Message);
    }

    [Fact]
    public async Task A_checkpoint_root_the_tiles_do_not_give_fails()
    {
        (ulong size, _) = GoTlog.TreeHead("log-1500");
        (_, MerkleHash otherRoot) = GoTlog.TreeHead("log-300");
        var error = await Assert.ThrowsAsync<LogVerificationException>(() =>
            TileLogVerifier.VerifyAsync(GoTlog.Open("log-1500"), size, otherRoot, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("the tiles hash to root", error.Message);
    }

    [Fact]
    public async Task A_missing_tile_fails_naming_it()
    {
        using var directory = new TemporaryDirectory();
        CopyDirectory(GoTlog.Directory("log-300"), directory.Path);
        File.Delete(Path.Combine(directory.Path, "tile", "1", "000.p", "1"));
        (ulong size, MerkleHash root) = GoTlog.TreeHead("log-300");
        var error = await Assert.ThrowsAsync<LogVerificationException>(() =>
            TileLogVerifier.VerifyAsync(new Storage.FileSystemLogStorage(directory.Path), size, root, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("tile/1/000.p/1 is missing", error.Message);
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed class SynchronousProgress(Action<ulong> report) : IProgress<ulong>
    {
        public void Report(ulong value) => report(value);
    }
}
