using System.Net;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Hosting;

/// <summary>
/// The real server, as a child process: every secret it writes (the log's signing key, the pseudonym key, the grain
/// database with its key hashes, Hangfire's job database, and the databases' -wal and -shm) is mode 0600 in a 0700 directory, and the grain
/// database holds no private key after a watchdog registers. Runs on its own server.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class SecretFileModeTests
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secret_files_are_0600_in_0700_directories_and_the_grain_database_holds_no_private_key()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using ServerProcess server = await ServerProcess.StartAsync(Ct);
        using (HttpClient admin = server.CreateClient(ServerProcess.AdminKey))
        using (HttpClient watchdog = server.CreateClient(await admin.CreateKeyAsync("watchdog", "modes-watchdog", Ct)))
        using (HttpClient agency = server.CreateClient(await admin.CreateKeyAsync("agency", "modes-agency", Ct)))
        {
            // A watchdog registers (earlier versions stored a private witness key for it in the grain database), and
            // an enrolment makes the server derive a pseudonym (its key file is made on first use).
            await watchdog.PostJsonAsync("api/watchdogs", new { id = "modes-wd", name = "Modes Watch" }, Ct).ExpectCreatedAsync(Ct);
            using (HttpResponseMessage scan = await watchdog.PostAsync(new Uri("api/watchdogs/modes-wd/scan", UriKind.Relative), null, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
            }

            await agency.PostJsonAsync("api/programs", new { id = "modes-program", currency = "USD", capPerPeriod = "10.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);
            await agency.PostJsonAsync("api/programs/modes-program/beneficiaries", new { reference = "modes-1" }, Ct).ExpectCreatedAsync(Ct);
        }

        string data = server.DataDirectory;
        string keys = Path.Combine(data, "keys");
        string database = Path.Combine(data, "grains.db");
        Assert.Equal(DirectoryMode, File.GetUnixFileMode(data));
        Assert.Equal(DirectoryMode, File.GetUnixFileMode(keys));
        string[] secrets = [Path.Combine(keys, "log.key"), Path.Combine(keys, "pseudonym.key"), database];
        string jobs = Path.Combine(data, "jobs.db");
        string[] databaseFiles = [database, jobs, .. new[] { database + "-wal", database + "-shm", jobs + "-wal", jobs + "-shm" }.Where(File.Exists)];
        foreach (string file in secrets.Concat(databaseFiles).Distinct())
        {
            Assert.True(File.Exists(file), $"{file} is missing");
            Assert.True(FileMode == File.GetUnixFileMode(file), $"{file} is {File.GetUnixFileMode(file)}, not 0600");
        }

        Assert.Contains(database + "-wal", databaseFiles);
        Assert.Contains(jobs + "-wal", databaseFiles);
        foreach (string file in databaseFiles)
        {
            byte[] bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf("PRIVATE+KEY"u8) < 0, $"{file} holds a private key");
        }
    }

    /// <summary>The file's bytes, read while the server still has it open.</summary>
    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete });
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
