using System.CommandLine;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Receipts;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight receipt</c>: download a disbursement's receipt (C2SP tlog-proof) and its log entry, byte for byte,
/// so <c>oversight verify receipt</c> can check them offline. Public: no key is needed.
/// </summary>
internal static class ReceiptCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        Option<string> server = AgencyOptions.Server();
        var program = new Option<string>("--program") { Description = "The program the disbursement was recorded in.", HelpName = "P", Required = true };
        var id = new Option<string>("--id") { Description = "The disbursement's id (the agency's own, unique within its program).", HelpName = "ID", Required = true };
        var output = new Option<string?>("--out")
        {
            Description = "Where to save the receipt (default ID.tlog-proof in the current folder); the entry is saved beside it as FILE.entry.json. Replaced if they exist.",
            HelpName = "FILE",
        };
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "receipt",
            "Download a disbursement's receipt (a C2SP tlog-proof: leaf index, inclusion proof, signed checkpoint) and its entry, "
            + "for 'oversight verify receipt FILE --entry FILE.entry.json --vkey KEY'. Nothing is verified here.")
        {
            server, program, id, output, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (commandOutput, token) => DownloadAsync(
                commandOutput, parseResult.GetRequiredValue(server), parseResult.GetRequiredValue(program), parseResult.GetRequiredValue(id), parseResult.GetValue(output), token),
            cancellationToken));
        return command;
    }

    private static async Task DownloadAsync(CommandOutput output, string serverText, string program, string id, string? receiptOption, CancellationToken cancellationToken)
    {
        Uri server = ServerAddress.Parse(serverText);
        LedgerIdentifier.Require("--program", program);
        LedgerIdentifier.Require("--id", id);
        string receiptPath = receiptOption ?? SafeFileName(id) + ".tlog-proof";
        string entryPath = receiptPath + ".entry.json";
        string directory = Path.GetDirectoryName(Path.GetFullPath(receiptPath))!;
        if (!Directory.Exists(directory))
        {
            throw CommandFailedException.BadInput($"the folder of '{receiptPath}' does not exist.");
        }

        using var client = new AgencyApiClient(server, apiKey: null, RequestTimeout);
        string receiptUrl = AgencyApiClient.ReceiptPath(program, id);
        byte[] receipt = await client.DownloadAsync(receiptUrl + "/receipt.tlog-proof", $"receipt for disbursement '{id}'", cancellationToken).ConfigureAwait(false);
        byte[] entry = await client.DownloadAsync(receiptUrl + "/entry", $"entry of disbursement '{id}'", cancellationToken).ConfigureAwait(false);
        TlogProof proof;
        try
        {
            proof = TlogProof.Parse(receipt);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"the server's receipt for '{id}' is not a valid tlog-proof: {e.Message}", e);
        }

        await WriteAsync(receiptPath, receipt, cancellationToken).ConfigureAwait(false);
        await WriteAsync(entryPath, entry, cancellationToken).ConfigureAwait(false);
        output.Result(
            $"saved the receipt of disbursement {id} (entry {proof.Index}) to {receiptPath} and its entry to {entryPath}\n"
                + $"check it offline: oversight verify receipt {receiptPath} --entry {entryPath} --vkey <the log's verifier key>",
            new JsonReport()
                .Add("program", program)
                .Add("id", id)
                .Add("index", proof.Index)
                .Add("receipt", Path.GetFullPath(receiptPath))
                .Add("entry", Path.GetFullPath(entryPath)));
    }

    private static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        string temporary = path + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot write '{path}': {e.Message}", e);
        }
    }

    /// <summary>The id as a file name: ':' and other characters a file system may not allow become '_'.</summary>
    private static string SafeFileName(string id) =>
        string.Concat(id.Select(c => c == ':' || Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
}
