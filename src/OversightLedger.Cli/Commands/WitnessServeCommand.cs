using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Cli.Witness;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight witness serve</c>: a C2SP tlog-witness. It answers <c>POST /add-checkpoint</c> for the logs whose keys it
/// was given, keeps the latest cosigned checkpoint of each in its state directory, and runs until interrupted.
/// </summary>
internal static class WitnessServeCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "The witness's key file, as 'witness keygen' writes it.", HelpName = "FILE", Required = true };
        var state = new Option<string>("--state")
        {
            Description = "The witness's state directory: the latest cosigned checkpoint of each log, one file per origin, replaced atomically "
                + "before each cosignature is answered. Created if missing; locked while the witness runs. Never edit it.",
            HelpName = "DIR",
            Required = true,
        };
        var listen = new Option<string>("--listen")
        {
            Description = "The address and port to listen on, e.g. 127.0.0.1:7380 or [::]:7380 (port 0: any free port). Plain HTTP: put TLS in front of it.",
            HelpName = "ADDR",
            Required = true,
        };
        var logKeys = new Option<string[]>("--log-key")
        {
            Description = "A log's verifier key, or a file holding it (repeat for more logs). The key's name is the log's origin; "
                + "checkpoints of any other origin are refused (404). Pin keys you got from the log's operator out of band.",
            HelpName = "VKEY|FILE",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "serve",
            "Run a C2SP tlog-witness: POST /add-checkpoint takes 'old <size>', a consistency proof and a signed checkpoint, and answers "
            + "with a timestamped cosignature/v1 line once the checkpoint is shown to extend the last one cosigned for its log "
            + "(400 malformed, 403 bad log signature, 404 unknown log, 409 stale old size (body: the witness's size, text/x.tlog.size) or fork, "
            + "422 bad proof). Prints the URL it listens on, then runs until interrupted.")
        {
            key, state, listen, logKeys, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (output, token) => ServeAsync(
                output,
                parseResult.GetRequiredValue(key),
                parseResult.GetRequiredValue(state),
                parseResult.GetRequiredValue(listen),
                parseResult.GetRequiredValue(logKeys),
                token),
            cancellationToken));
        return command;
    }

    private static async Task ServeAsync(CommandOutput output, string keyPath, string stateDir, string listen, string[] logKeyArgs, CancellationToken cancellationToken)
    {
        if (!IPEndPoint.TryParse(listen, out IPEndPoint? endpoint))
        {
            throw CommandFailedException.BadInput($"--listen '{listen}' is not an address and port such as 127.0.0.1:7380.");
        }

        NoteVerifier[] logKeys = [.. logKeyArgs.Select(KeyFiles.ReadVerifier)];
        using Cosigner cosigner = WitnessKeyFile.Read(keyPath);
        using WitnessStateDirectory states = WitnessStateDirectory.Open(stateDir);
        using var witness = new TlogWitness(logKeys, cosigner, states, TimeProvider.System);
        WebApplication app = await WitnessHttpHost.StartAsync(witness, endpoint, Console.Error, cancellationToken).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            string address = WitnessHttpHost.Address(app);
            output.Result(
                address,
                new JsonReport()
                    .Add("listening", address)
                    .Add("witness", cosigner.VerifierKey)
                    .Add("origins", witness.Origins)
                    .Add("state", states.Path));
            output.Note($"witness {cosigner.VerifierKey} serving POST {address}/add-checkpoint for {string.Join(", ", witness.Origins)}; state in {states.Path}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.Note("stopping");
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
