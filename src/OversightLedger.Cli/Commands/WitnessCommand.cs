using System.CommandLine;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Cli.Witness;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight witness</c>: cosign a log's checkpoint (c2sp.org/tlog-cosignature) after checking that it extends the
/// last one this witness cosigned, and optionally hand the cosignature to the ledger server; <c>oversight witness keygen</c>
/// makes the witness's key. Exit 0 cosigned, 1 the log did not verify (bad signature, rollback, fork, bad proof),
/// 2 bad usage, unreadable input or an HTTP failure (a refused submission included).
/// </summary>
internal static class WitnessCommand
{
    private const int MaxSubmitAttempts = 3;
    private static readonly TimeSpan SubmitTimeout = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var log = new Option<string>("--log")
        {
            Description = "The log: its http(s) URL on a ledger server (e.g. https://ledger.example.org/log) or a directory in the tlog-tiles layout.",
            HelpName = "URL|DIR",
        };
        var key = new Option<string>("--key") { Description = "The witness's key file, as 'witness keygen' writes it.", HelpName = "FILE" };
        var state = new Option<string>("--state")
        {
            Description = "The witness's state file: the last checkpoint it cosigned (size and root). Created on the first cosignature, "
                + "then replaced atomically, and only after a checkpoint verified. Keep one per log and never edit it.",
            HelpName = "FILE",
        };
        var logKey = new Option<string?>("--log-key")
        {
            Description = "The log's verifier key, or a file holding it. Recommended: without it the key the log serves at <log>/key is used, "
                + "so the witness trusts the server for the key it checks the server with.",
            HelpName = "KEY|FILE",
        };
        var name = new Option<string?>("--name") { Description = "The witness key's name; refuse to run if the key file is for another name.", HelpName = "NAME" };
        var submit = new Option<bool>("--submit")
        {
            Description = $"POST the checkpoint with this witness's cosignature line to <log>/cosignature (the witness key must be registered). If the log has moved on "
                + $"meanwhile, its new checkpoint is cosigned and submitted instead (at most {MaxSubmitAttempts} attempts).",
        };
        Option<bool> json = CommonOptions.VerdictJson();
        var command = new Command(
            "witness",
            "Cosign the log's current checkpoint as a witness (C2SP tlog-cosignature): only if the log signed it and a consistency proof, "
            + "built from the log's tiles, shows it extends the last checkpoint this witness cosigned (the first one is trusted on first use). "
            + "Refuses a smaller tree (rollback) and the same size with another root (fork). Prints the cosignature line. "
            + "Exit codes: 0 cosigned, 1 the log did not verify, 2 bad usage, unreadable input or HTTP failure.")
        {
            log, key, state, logKey, name, submit, json,
        };
        command.Subcommands.Add(Keygen());
        command.Subcommands.Add(WitnessServeCommand.Create());
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: true,
            (output, token) => WitnessAsync(
                output,
                new WitnessRequest(
                    Required(parseResult.GetValue(log), "--log"),
                    Required(parseResult.GetValue(key), "--key"),
                    Required(parseResult.GetValue(state), "--state"),
                    parseResult.GetValue(logKey),
                    parseResult.GetValue(name),
                    parseResult.GetValue(submit)),
                token),
            cancellationToken));
        return command;
    }

    private static Command Keygen()
    {
        var name = new Option<string>("--name")
        {
            Description = "The witness key's name, e.g. witness.example.org/ti (no spaces, no '+'); it appears in every cosignature line.",
            HelpName = "NAME",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the secret key (created with mode 0600; never overwritten). The cosignature/v1 verifier key is "
                + "written beside it as FILE.vkey and printed on stdout: register it with the log (POST /api/witnesses).",
            HelpName = "FILE",
            Required = true,
        };
        Option<bool> json = CommonOptions.Json();
        var command = new Command("keygen", "Make a witness's Ed25519 key. Prints its cosignature/v1 verifier key on stdout and writes it to FILE.vkey.")
        {
            name, output, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (commandOutput, _) => KeygenAsync(commandOutput, parseResult.GetRequiredValue(name), parseResult.GetRequiredValue(output)),
            cancellationToken));
        return command;
    }

    private static Task KeygenAsync(CommandOutput output, string name, string path)
    {
        (string verifierKey, string verifierKeyPath) = WitnessKeyFile.Create(name, path);
        output.Result(
            verifierKey,
            new JsonReport()
                .Add("name", name)
                .Add("verifierKey", verifierKey)
                .Add("keyFile", Path.GetFullPath(path))
                .Add("verifierKeyFile", Path.GetFullPath(verifierKeyPath)));
        if (!output.Json)
        {
            output.Note($"witness key '{name}' in {path} (mode 0600, keep it secret); verifier key in {verifierKeyPath}; "
                + "register it with the log: POST /api/witnesses {\"name\":…,\"verifierKey\":…} with a watchdog API key");
        }

        return Task.CompletedTask;
    }

    private static async Task WitnessAsync(CommandOutput output, WitnessRequest request, CancellationToken cancellationToken)
    {
        using Cosigner cosigner = WitnessKeyFile.Read(request.KeyPath);
        if (request.Name is not null && request.Name != cosigner.Name)
        {
            throw CommandFailedException.BadInput($"the key in '{request.KeyPath}' is the witness '{cosigner.Name}', not '{request.Name}'.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(request.StatePath))))
        {
            throw CommandFailedException.BadInput($"the folder of the state file '{request.StatePath}' does not exist.");
        }

        WitnessState? state = CheckpointCosigning.ReadState(request.StatePath);
        using LogSource log = LogSource.Open(request.Log);
        using CosignatureSubmitter? submitter = request.Submit ? new CosignatureSubmitter(SubmissionBase(request.Log), SubmitTimeout) : null;
        (NoteVerifier logVerifier, bool pinned) = await CheckpointCosigning.LogVerifierAsync(log, request.LogKey, cancellationToken).ConfigureAwait(false);
        if (!pinned && !output.Json)
        {
            output.Note($"note: checking the log with the key it serves ({logVerifier}); pin it with --log-key");
        }

        var witness = new CheckpointWitness(logVerifier, cosigner, TimeProvider.System);
        for (int attempt = 1; ; attempt++)
        {
            WitnessedCheckpoint witnessed = await CheckpointCosigning.CosignAsync(log, witness, state, request.StatePath, cancellationToken).ConfigureAwait(false);
            state = witnessed.State;
            if (submitter is null)
            {
                Report(output, witnessed, submittedTo: null, cosignatures: 0);
                return;
            }

            (SubmissionOutcome outcome, int cosignatures, string? detail) = await submitter
                .SubmitAsync(witnessed.Cosigned.Note.Text, witnessed.Cosignature, cancellationToken).ConfigureAwait(false);
            if (outcome == SubmissionOutcome.Accepted)
            {
                Report(output, witnessed, submitter.Endpoint, cosignatures);
                return;
            }

            if (attempt == MaxSubmitAttempts)
            {
                throw CommandFailedException.BadInput(
                    $"cosigned tree size {witnessed.Checkpoint.Size}, but {submitter.Endpoint} refused it {attempt} times as stale: {detail}");
            }

            if (!output.Json)
            {
                output.Note($"the log moved past tree size {witnessed.Checkpoint.Size} while it was cosigned; cosigning its new checkpoint");
            }
        }
    }

    private static void Report(CommandOutput output, WitnessedCheckpoint witnessed, Uri? submittedTo, int cosignatures)
    {
        Checkpoint checkpoint = witnessed.Checkpoint;
        string history = witnessed.Previous is { } previous
            ? $"consistent with the previously cosigned tree size {previous.Size} (root {previous.Root})"
            : "first cosignature of this log (trusted on first use)";
        string text = $"cosigned {checkpoint.Origin} at tree size {checkpoint.Size} (root {checkpoint.Root})\n{history}\n{witnessed.Cosignature}";
        JsonReport json = new JsonReport()
            .Add("verified", true)
            .Add("origin", checkpoint.Origin)
            .Add("treeSize", checkpoint.Size)
            .Add("root", checkpoint.Root.ToBase64());
        if (witnessed.Previous is { } before)
        {
            json.Add("previousTreeSize", before.Size).Add("previousRoot", before.Root.ToBase64());
        }

        json.Add("cosignature", witnessed.Cosignature.ToString()).Add("timestamp", witnessed.Timestamp).Add("submitted", submittedTo is not null);
        if (submittedTo is not null)
        {
            text += $"\nsubmitted to {submittedTo}: the checkpoint now carries {cosignatures} cosignature{(cosignatures == 1 ? string.Empty : "s")}";
            json.Add("cosignatures", (ulong)cosignatures);
        }

        output.Result(text, json);
    }

    /// <summary>The folder URL cosignatures are posted under (<c>&lt;log&gt;/cosignature</c>); only a log on a server has one.</summary>
    private static Uri SubmissionBase(string log)
    {
        if (!Uri.TryCreate(log, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CommandFailedException.BadInput("--submit needs --log to be the http(s) URL of the log on a ledger server, not a directory.");
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string Required(string? value, string option) =>
        value ?? throw CommandFailedException.BadInput($"{option} is required (see 'oversight witness --help').");

    private sealed record WitnessRequest(string Log, string KeyPath, string StatePath, string? LogKey, string? Name, bool Submit);
}
