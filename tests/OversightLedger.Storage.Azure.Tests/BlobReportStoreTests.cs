using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OversightLedger.Storage.Azure.Tests.TestSupport;

namespace OversightLedger.Storage.Azure.Tests;

/// <summary>
/// Report files on a real Azurite: stored under their SHA-256, created only once (a second or concurrent put of the
/// same bytes finds them and leaves the blob as it was), checked against their name when read, and missing as null.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class BlobReportStoreTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_is_stored_under_its_sha256_and_read_back_by_any_instance()
    {
        string container = AzuriteFixture.NewContainerName();
        byte[] report = Encoding.UTF8.GetBytes("<html>2026-Q4</html>");

        string hash = await Store(container).PutAsync(report, Ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(report)), hash);
        Assert.Equal(report, await Store(container).GetAsync(hash, Ct));
    }

    [Fact]
    public async Task Putting_the_same_bytes_again_or_concurrently_is_harmless_and_never_rewrites_the_blob()
    {
        string container = AzuriteFixture.NewContainerName();
        byte[] report = RandomNumberGenerator.GetBytes(100_000);
        string hash = await Store(container).PutAsync(report, Ct);
        BlobClient blob = Container(container).GetBlobClient(hash);
        BlobProperties first = await blob.GetPropertiesAsync(cancellationToken: Ct);

        string[] again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Store(container).PutAsync(report, Ct)));

        Assert.All(again, h => Assert.Equal(hash, h));
        BlobProperties after = await blob.GetPropertiesAsync(cancellationToken: Ct);
        Assert.Equal(first.ETag, after.ETag);

        // Different bytes racing into a fresh container each land once, under their own names.
        string racing = AzuriteFixture.NewContainerName();
        byte[][] files = [.. Enumerable.Range(0, 6).Select(i => Encoding.UTF8.GetBytes($"file {i % 3}"))];
        string[] hashes = await Task.WhenAll(files.Select(file => Store(racing).PutAsync(file, Ct)));
        Assert.Equal(3, hashes.Distinct(StringComparer.Ordinal).Count());
        foreach ((byte[] file, string h) in files.Zip(hashes))
        {
            Assert.Equal(file, await Store(racing).GetAsync(h, Ct));
        }
    }

    [Fact]
    public async Task A_blob_that_does_not_hash_to_its_name_is_never_served_and_a_put_of_the_true_bytes_repairs_it()
    {
        string container = AzuriteFixture.NewContainerName();
        byte[] report = Encoding.UTF8.GetBytes("{\"quarter\":\"2026-Q4\"}");
        string hash = Convert.ToHexStringLower(SHA256.HashData(report));
        await Container(container).CreateIfNotExistsAsync(cancellationToken: Ct);
        await Container(container).GetBlobClient(hash).UploadAsync(BinaryData.FromString("{\"quarter\":\"forged\"}"), Ct);

        InvalidDataException damaged = await Assert.ThrowsAsync<InvalidDataException>(() => Store(container).GetAsync(hash, Ct));
        Assert.Contains(hash, damaged.Message, StringComparison.Ordinal);

        Assert.Equal(hash, await Store(container).PutAsync(report, Ct));
        Assert.Equal(report, await Store(container).GetAsync(hash, Ct));
    }

    [Fact]
    public async Task A_missing_file_a_missing_container_and_a_name_that_is_no_hash_read_as_null()
    {
        string container = AzuriteFixture.NewContainerName();
        string absent = Convert.ToHexStringLower(SHA256.HashData([42]));

        Assert.Null(await Store(container).GetAsync(absent, Ct));
        await Store(container).PutAsync([1, 2, 3], Ct);
        Assert.Null(await Store(container).GetAsync(absent, Ct));
        Assert.Null(await Store(container).GetAsync("../" + absent[3..], Ct));
        Assert.Null(await Store(container).GetAsync(absent.ToUpperInvariant(), Ct));
        Assert.Null(await Store(container).GetAsync("", Ct));
    }

    private BlobReportStore Store(string container) => new(azurite.ConnectionString, container);

    private BlobContainerClient Container(string container) => new(azurite.ConnectionString, container);
}
