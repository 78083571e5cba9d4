using System.CommandLine;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Checks;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Receipts;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight receipt</c>: download a disbursement's receipt (C2SP tlog-proof, its checkpoint with the witnesses'
/// cosignatures the server holds for it) and its log entry, byte for byte, so <c>oversight verify receipt</c> can check
/// them offline. With <c>--witness</c>/<c>--quorum</c> it fetches the receipt again (once a second) until its checkpoint
/// carries valid cosignatures of the quorum, and gives up after <c>--timeout</c> with exit 1 naming who is missing.
/// Public: no key is needed.
/// </summary>
internal static class ReceiptCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

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
        Option<string[]> witnesses = CommonOptions.Witnesses();
        Option<int?> quorum = CommonOptions.Quorum();
        var timeout = new Option<int>("--timeout")
        {
            Description = "With --witness: how many seconds to wait for a checkpoint with the quorum's cosignatures before giving up (exit 1). Default 60.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 60,
        };
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "receipt",
            "Download a disbursement's receipt (a C2SP tlog-proof: leaf index, inclusion proof, signed checkpoint with the witnesses' cosignatures) and its entry, "
            + "for 'oversight verify receipt FILE --entry FILE.entry.json --vkey KEY'. With --witness and --quorum, wait until the receipt's checkpoint "
            + "carries the quorum's cosignatures (the log's own signature is checked by 'verify receipt', not here).")
        {
            server, program, id, output, witnesses, quorum, timeout, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (commandOutput, token) => DownloadAsync(
                commandOutput,
                new ReceiptRequest(
                    parseResult.GetRequiredValue(server),
                    parseResult.GetRequiredValue(program),
                    parseResult.GetRequiredValue(id),
                    parseResult.GetValue(output),
                    WitnessRequirement.FromOptions(parseResult.GetValue(witnesses), parseResult.GetValue(quorum)),
                    parseResult.GetValue(timeout)),
                token),
            cancellationToken));
        return command;
    }

    private static async Task DownloadAsync(CommandOutput output, ReceiptRequest request, CancellationToken cancellationToken)
    {
        (string serverText, string program, string id, string? receiptOption, WitnessRequirement witnesses, int timeoutSeconds) = request;
        if (timeoutSeconds is < 1 or > 86_400)
        {
            throw CommandFailedException.BadInput($"--timeout {timeoutSeconds} must be between 1 and 86400 seconds.");
        }

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
        var waited = System.Diagnostics.Stopwatch.StartNew();
        byte[] receipt;
        TlogProof proof;
        while (true)
        {
            receipt = await client.DownloadAsync(receiptUrl + "/receipt.tlog-proof", $"receipt for disbursement '{id}'", cancellationToken).ConfigureAwait(false);
            proof = Parse(receipt, id);
            if (HasQuorum(output, witnesses, proof, id, last: waited.Elapsed >= TimeSpan.FromSeconds(timeoutSeconds), timeoutSeconds))
            {
                break;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        byte[] entry = await client.DownloadAsync(receiptUrl + "/entry", $"entry of disbursement '{id}'", cancellationToken).ConfigureAwait(false);
        await WriteAsync(receiptPath, receipt, cancellationToken).ConfigureAwait(false);
        await WriteAsync(entryPath, entry, cancellationToken).ConfigureAwait(false);
        output.Result(
            $"saved the receipt of disbursement {id} (entry {proof.Index}) to {receiptPath} and its entry to {entryPath}\n"
                + $"check it offline: oversight verify receipt {receiptPath} --entry {entryPath} --vkey <the log's verifier key>" + witnesses.Text(),
            witnesses.AddTo(new JsonReport()
                .Add("program", program)
                .Add("id", id)
                .Add("index", proof.Index)
                .Add("receipt", Path.GetFullPath(receiptPath))
                .Add("entry", Path.GetFullPath(entryPath))));
    }

    private static TlogProof Parse(byte[] receipt, string id)
    {
        try
        {
            return TlogProof.Parse(receipt);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"the server's receipt for '{id}' is not a valid tlog-proof: {e.Message}", e);
        }
    }

    /// <summary>
    /// Whether the receipt's checkpoint (which covers the entry) carries the quorum; always true without witnesses. On
    /// the <paramref name="last"/> try, a missing quorum fails the command (exit 1) naming the witnesses still missing.
    /// </summary>
    private static bool HasQuorum(CommandOutput output, WitnessRequirement witnesses, TlogProof proof, string id, bool last, int timeoutSeconds)
    {
        SignedNote note;
        Checkpoint checkpoint;
        try
        {
            note = SignedNote.Parse(proof.CheckpointNote.Span);
            checkpoint = Checkpoint.Parse(note.Text);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"the checkpoint in the server's receipt for '{id}' is not a checkpoint: {e.Message}", e);
        }

        if (proof.Index >= checkpoint.Size)
        {
            throw CommandFailedException.VerificationFailed(
                $"the server's receipt for '{id}' proves entry {proof.Index} against a checkpoint of only {checkpoint.Size} entries.");
        }

        try
        {
            witnesses.Require(output, checkpoint, note.Signatures);
            return true;
        }
        catch (CommandFailedException e) when (last)
        {
            throw CommandFailedException.VerificationFailed($"gave up after {timeoutSeconds} s: {e.Message}", e);
        }
        catch (CommandFailedException)
        {
            return false;
        }
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
