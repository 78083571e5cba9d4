using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Tests.Hosting;

/// <summary>
/// The directories secrets live in: made 0700, a server-owned one an earlier version left open is narrowed, and a
/// directory shared by design (sticky or world-writable, like /tmp) is never closed to everyone else.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretFilesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("oversight-secret-files-");

    [Fact]
    public void A_missing_directory_is_created_0700_and_an_open_one_of_ours_is_narrowed()
    {
        string created = Path.Combine(_directory.Path, "keys");
        SecretFiles.EnsureDirectory(created);
        string open = Path.Combine(_directory.Path, "data");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, SecretFiles.DirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        SecretFiles.EnsureDirectory(open);

        Assert.Equal(SecretFiles.DirectoryMode, File.GetUnixFileMode(created));
        Assert.Equal(SecretFiles.DirectoryMode, File.GetUnixFileMode(open));
    }

    [Theory]
    [InlineData(UnixFileMode.StickyBit | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
        | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)]
    public void A_directory_shared_by_design_keeps_its_mode(UnixFileMode mode)
    {
        string shared = Path.Combine(_directory.Path, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, mode);

        SecretFiles.EnsureDirectory(shared);

        Assert.Equal(mode, File.GetUnixFileMode(shared));
    }

    public void Dispose() => _directory.Dispose();
}
