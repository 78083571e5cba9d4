using System.Diagnostics;
using System.Reflection;
using NBitcoin;
using OversightLedger.Anchoring.Service;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Anchoring;

/// <summary>
/// A real server process anchoring to a <see cref="RegtestJsonRpcNode"/>: its wallet key made as
/// <c>oversight anchor keygen</c> makes it (0600, in a directory of the test's own), the job's schedule set to never so
/// only triggers run it.
/// </summary>
internal sealed class AnchoredServer : IAsyncDisposable
{
    private readonly string _keyDirectory;

    private AnchoredServer(RegtestJsonRpcNode node, ServerProcess server, string keyDirectory, BitcoinAddress wallet)
    {
        Node = node;
        Server = server;
        _keyDirectory = keyDirectory;
        Wallet = wallet;
    }

    public RegtestJsonRpcNode Node { get; }

    public ServerProcess Server { get; }

    public BitcoinAddress Wallet { get; }

    /// <summary>The CLI's entry assembly, built by the project reference.</summary>
    public static string CliPath { get; } = typeof(AnchoredServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "OversightCliAssembly").Value!;

    /// <summary>Starts the node, funds the wallet with <paramref name="funding"/> (none when null) and starts the server.</summary>
    public static async Task<AnchoredServer> StartAsync(Money? funding, CancellationToken cancellationToken)
    {
        var node = new RegtestJsonRpcNode();
        string keyDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"oversight-anchor-key-{Guid.NewGuid():N}")).FullName;
        string keyFile = Path.Combine(keyDirectory, "anchor-wallet.key");
        (string text, BitcoinAddress wallet) = AnchorWalletKey.Create(Network.RegTest);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(keyFile, options))
        {
            await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text), cancellationToken);
        }

        if (funding is not null)
        {
            node.Fund(wallet, funding);
        }

        ServerProcess server = await ServerProcess.StartAsync(
            new ServerProcessOptions
            {
                Arguments =
                [
                    "--Anchoring:Network", "regtest",
                    "--Anchoring:RpcUrl", node.Url.ToString(),
                    "--Anchoring:RpcUser", node.User,
                    "--Anchoring:RpcPassword", node.Password,
                    "--Anchoring:WalletKeyFile", keyFile,
                    "--Anchoring:Cron", "0 0 31 2 *",
                ],
            }, cancellationToken);
        return new AnchoredServer(node, server, keyDirectory, wallet);
    }

    /// <summary>Runs <c>oversight args…</c> (the real CLI) to the end; returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(CliPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Node.Dispose();
        Directory.Delete(_keyDirectory, recursive: true);
    }
}
