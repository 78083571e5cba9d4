using System.CommandLine;
using OversightLedger.Anchoring;
using OversightLedger.Anchoring.Service;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight anchor keygen --out FILE [--network main]</c>: makes the server's Bitcoin anchor wallet key (a P2WPKH
/// key in WIF, file mode 0600, never overwritten) and prints the address to fund.
/// </summary>
internal static class AnchorCommand
{
    public static Command Create() => new("anchor", "The ledger server's Bitcoin anchors of its checkpoints.") { Keygen() };

    private static Command Keygen()
    {
        var output = new Option<string>("--out")
        {
            Description = "Where to write the wallet's private key (WIF; created with mode 0600, never overwritten). "
                + "Point the server's Anchoring:WalletKeyFile at it.",
            HelpName = "FILE",
            Required = true,
        };
        var network = new Option<string>("--network")
        {
            Description = "The Bitcoin network the wallet is for.",
            DefaultValueFactory = _ => "main",
        };
        network.AcceptOnlyFromAmong([.. AnchorNetworks.Names]);
        Option<bool> json = CommonOptions.Json();
        var command = new Command("keygen", "Make the anchor wallet's key. Prints the P2WPKH address to fund on stdout.")
        {
            output, network, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (commandOutput, _) => KeygenAsync(commandOutput, parseResult.GetRequiredValue(output), parseResult.GetRequiredValue(network)),
            cancellationToken));
        return command;
    }

    private static Task KeygenAsync(CommandOutput output, string path, string networkName)
    {
        (string fileText, NBitcoin.BitcoinAddress address) = AnchorWalletKey.Create(AnchorNetworks.Get(networkName));
        KeyFiles.WriteSecret(path, fileText);
        output.Result(
            address.ToString(),
            new JsonReport()
                .Add("network", networkName)
                .Add("address", address.ToString())
                .Add("keyFile", Path.GetFullPath(path)));
        if (!output.Json)
        {
            output.Note($"anchor wallet key for {networkName} in {path} (mode 0600, keep it secret); send bitcoin to {address}, "
                + "then set Anchoring:WalletKeyFile to this file");
        }

        return Task.CompletedTask;
    }
}
