using System.Security.Cryptography;
using System.Text;

namespace OversightLedger.Storage.Posix.Tests;

/// <summary>
/// Report files in a directory: one file per SHA-256, left in place once stored, checked against their name when read;
/// a missing file, or a name that is no lowercase SHA-256, reads as null.
/// </summary>
public sealed class FileSystemReportStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Reports => Path.Combine(_directory.Path, "reports");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_file_is_stored_under_its_sha256_and_read_back_by_another_instance_with_no_temporary_file_left()
    {
        byte[] report = Encoding.UTF8.GetBytes("<html>2026-Q4</html>");

        string hash = await new FileSystemReportStore(Reports).PutAsync(report, Ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(report)), hash);
        Assert.Equal([hash], Directory.EnumerateFiles(Reports).Select(path => Path.GetFileName(path)));
        Assert.Equal(report, await new FileSystemReportStore(Reports).GetAsync(hash, Ct));
        Assert.Equal(hash, await new FileSystemReportStore(Reports).PutAsync(report, Ct));
        Assert.Single(Directory.EnumerateFiles(Reports));
    }

    [Fact]
    public async Task A_file_that_does_not_hash_to_its_name_is_never_served()
    {
        byte[] report = Encoding.UTF8.GetBytes("{\"quarter\":\"2026-Q4\"}");
        var store = new FileSystemReportStore(Reports);
        string hash = await store.PutAsync(report, Ct);
        await File.WriteAllTextAsync(Path.Combine(Reports, hash), "{\"quarter\":\"forged\"}", Ct);

        InvalidDataException damaged = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetAsync(hash, Ct));

        Assert.Contains(hash, damaged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_and_a_name_that_is_no_lowercase_sha256_read_as_null()
    {
        var store = new FileSystemReportStore(Reports);
        string hash = await store.PutAsync([1, 2, 3], Ct);

        Assert.Null(await store.GetAsync(Convert.ToHexStringLower(SHA256.HashData([42])), Ct));
        Assert.Null(await store.GetAsync(hash.ToUpperInvariant(), Ct));
        Assert.Null(await store.GetAsync(hash[..63], Ct));
        Assert.Null(await store.GetAsync("../" + hash[3..], Ct));
        Assert.Null(await new FileSystemReportStore(Path.Combine(_directory.Path, "absent")).GetAsync(hash, Ct));
    }
}
