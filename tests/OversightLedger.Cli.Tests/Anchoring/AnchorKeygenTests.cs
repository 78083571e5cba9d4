using NBitcoin;
using OversightLedger.Anchoring.Service;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Anchoring;

/// <summary><c>oversight anchor keygen</c>: a 0600 WIF key file the server reads, the address to fund, never an overwrite.</summary>
public sealed class AnchorKeygenTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Keygen_writes_a_0600_key_the_server_reads_and_prints_its_address_to_fund()
    {
        string file = _temp.File("anchor-wallet.key");

        CliResult made = await OversightProcess.RunAsync("anchor", "keygen", "--out", file, "--network", "regtest");

        Assert.True(made.ExitCode == 0, made.ToString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Key key = AnchorWalletKey.Read(file, Network.RegTest);
        Assert.Equal(AnchorWalletKey.Address(key, Network.RegTest).ToString(), made.Stdout.Trim());
        Assert.StartsWith("bcrt1q", made.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keygen_never_overwrites_a_key_and_refuses_an_unknown_network()
    {
        string file = _temp.File("anchor-wallet.key");
        CliResult made = await OversightProcess.RunAsync("anchor", "keygen", "--out", file);
        string key = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);

        CliResult again = await OversightProcess.RunAsync("anchor", "keygen", "--out", file);
        CliResult unknown = await OversightProcess.RunAsync("anchor", "keygen", "--out", _temp.File("other.key"), "--network", "1");

        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.StartsWith("bc1q", made.Stdout.Trim(), StringComparison.Ordinal);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(key, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.False(File.Exists(_temp.File("other.key")));
    }

    [Fact]
    public void Key_file_readable_by_others_or_for_another_network_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        (string text, _) = AnchorWalletKey.Create(Network.Main);
        string open = _temp.File("open.key");
        File.WriteAllText(open, text);
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        string mainKey = _temp.File("main.key");
        File.WriteAllText(mainKey, text);
        File.SetUnixFileMode(mainKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Contains("0600", Assert.Throws<InvalidOperationException>(() => AnchorWalletKey.Read(open, Network.Main)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => AnchorWalletKey.Read(mainKey, Network.RegTest));
        Assert.Equal(AnchorWalletKey.Address(AnchorWalletKey.Read(mainKey, Network.Main), Network.Main).ToString(), AnchorWalletKey.Address(new BitcoinSecret(text.Trim(), Network.Main).PrivateKey, Network.Main).ToString());
    }
}
