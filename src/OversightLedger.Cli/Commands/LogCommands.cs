using System.CommandLine;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Commands;

/// <summary><c>oversight log init|append</c>: create a log in a directory and append entries to it.</summary>
internal static class LogCommands
{
    /// <summary>Entries per durable append by default; each batch is on disk, under a signed checkpoint, before the next starts.</summary>
    private const int DefaultBatchEntries = 65_536;

    private const int MaxBatchEntries = 1 << 20;

    public static Command Create() => new("log", "Create a log in a directory and append entries to it (the writer's side).")
    {
        Init(),
        Append(),
    };

    private static Command Init()
    {
        var dir = new Option<string>("--dir")
        {
            Description = "The directory to create the log in (created if missing; must not hold a log yet).",
            HelpName = "DIR",
            Required = true,
        };
        var origin = new Option<string>("--origin")
        {
            Description = "The log's origin line, also the name of its key (no spaces, no '+'), e.g. example.org/ledger.",
            HelpName = "ORIGIN",
            Required = true,
        };
        var keyOut = new Option<string>("--key-out")
        {
            Description = "Where to write the new signer key (created with mode 0600; never overwritten). "
                + "The verifier key is written beside it as FILE.vkey and printed on stdout.",
            HelpName = "FILE",
            Required = true,
        };
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "init",
            "Create an empty log signed with a fresh Ed25519 key. Prints the verifier key string on stdout and writes it to FILE.vkey.")
        {
            dir, origin, keyOut, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (output, token) => InitAsync(output, parseResult.GetRequiredValue(dir), parseResult.GetRequiredValue(origin), parseResult.GetRequiredValue(keyOut), token),
            cancellationToken));
        return command;
    }

    private static Command Append()
    {
        var dir = new Option<string>("--dir") { Description = "The log's directory.", HelpName = "DIR", Required = true };
        var key = new Option<string>("--key")
        {
            Description = "The signer key file written by 'log init'.",
            HelpName = "FILE",
            Required = true,
        };
        var input = new Argument<string?>("INPUT")
        {
            Description = "The entries, one per line (the bytes of each line without its \\n; at most 65,535 bytes). "
                + "Standard input when absent or '-'. The whole input is checked before anything is appended.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = $"Entries per durable batch (1 to {MaxBatchEntries:N0}): each batch is on disk under a signed checkpoint before the next starts, so a crash loses at most the batch in progress.",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultBatchEntries,
        };
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "append",
            "Append each line of INPUT as one entry, in durable batches. Prints the new size and root. A line longer than 65,535 bytes appends nothing (exit 2); empty input changes nothing.")
        {
            dir, key, input, batchSize, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (output, token) => AppendAsync(
                output, parseResult.GetRequiredValue(dir), parseResult.GetRequiredValue(key), parseResult.GetValue(input), parseResult.GetValue(batchSize), token),
            cancellationToken));
        return command;
    }

    private static async Task InitAsync(CommandOutput output, string dir, string origin, string keyOut, CancellationToken cancellationToken)
    {
        string verifierKeyPath = keyOut + ".vkey";
        if (File.Exists(Path.Combine(dir, TilePath.Checkpoint)))
        {
            throw CommandFailedException.BadInput($"'{dir}' already holds a log (it has a checkpoint); refusing to touch it.");
        }

        foreach (string path in new[] { keyOut, verifierKeyPath })
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw CommandFailedException.BadInput($"'{path}' already exists; refusing to overwrite it.");
            }
        }

        (string signerKey, string verifierKey) = GenerateKey(origin);
        Directory.CreateDirectory(dir);
        using LogWriteLock writeLock = LogWriteLock.Acquire(dir);
        KeyFiles.WriteSecret(keyOut, signerKey);
        var created = new List<string> { keyOut };
        try
        {
            KeyFiles.WritePublic(verifierKeyPath, verifierKey);
            created.Add(verifierKeyPath);
            using var signer = new NoteSigner(signerKey);
            TileLogWriter writer = await TileLogWriter.CreateAsync(new FileSystemLogStorage(dir), new NoteCheckpointSigner(origin, signer), cancellationToken)
                .ConfigureAwait(false);
            output.Result(
                verifierKey,
                new JsonReport()
                    .Add("origin", origin)
                    .Add("treeSize", writer.Size)
                    .Add("root", writer.Root.ToBase64())
                    .Add("verifierKey", verifierKey)
                    .Add("keyFile", Path.GetFullPath(keyOut))
                    .Add("verifierKeyFile", Path.GetFullPath(verifierKeyPath)));
            if (!output.Json)
            {
                output.Note($"created an empty log '{origin}' in {Path.GetFullPath(dir)}; signer key in {keyOut} (mode 0600, keep it secret); verifier key in {verifierKeyPath}");
            }
        }
        catch (Exception e)
        {
            // Without the log the new keys are useless; leave nothing that would make a retry refuse.
            created.ForEach(File.Delete);
            if (e is InvalidOperationException)
            {
                throw CommandFailedException.BadInput(e.Message, e);
            }

            throw;
        }
    }

    private static (string SignerKey, string VerifierKey) GenerateKey(string origin)
    {
        try
        {
            _ = new Checkpoint(origin, 0, default);
            return NoteSigner.Generate(origin);
        }
        catch (ArgumentException e)
        {
            throw CommandFailedException.BadInput($"--origin '{origin}' cannot be the log's origin and key name: {e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal)}", e);
        }
    }

    private static async Task AppendAsync(CommandOutput output, string dir, string keyPath, string? inputPath, int batchEntries, CancellationToken cancellationToken)
    {
        if (batchEntries is < 1 or > MaxBatchEntries)
        {
            throw CommandFailedException.BadInput($"--batch-size must be 1 to {MaxBatchEntries}, not {batchEntries}.");
        }

        if (!File.Exists(Path.Combine(dir, TilePath.Checkpoint)))
        {
            throw CommandFailedException.BadInput($"there is no log in '{dir}' (no checkpoint); create one with 'oversight log init'.");
        }

        using NoteSigner signer = KeyFiles.ReadSigner(keyPath);
        var verifier = new NoteVerifier(signer.VerifierKey);
        using LogWriteLock writeLock = LogWriteLock.Acquire(dir);
        var storage = new FileSystemLogStorage(dir);
        Checkpoint current = (await CheckpointReader.ReadVerifiedAsync(storage, verifier, cancellationToken).ConfigureAwait(false)).Checkpoint;

        using EntryInput input = await EntryInput.OpenAsync(inputPath, cancellationToken).ConfigureAwait(false);
        ulong count = await input.CountEntriesAsync(cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            output.Result(
                $"nothing to append: {input.Name} holds no entries\ntree size {current.Size}\nroot {current.Root}",
                AppendReport(0, current.Size, current.Size, current.Root.ToBase64()));
            return;
        }

        TileLogWriter writer;
        try
        {
            writer = await TileLogWriter.OpenAsync(storage, new NoteCheckpointSigner(current.Origin, signer), current.Size, current.Root, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw CommandFailedException.VerificationFailed($"the tiles in '{dir}' do not match its signed checkpoint: {e.Message}", e);
        }

        ulong firstIndex = writer.Size;
        await foreach (List<ReadOnlyMemory<byte>> batch in input.ReadBatchesAsync(batchEntries, cancellationToken).ConfigureAwait(false))
        {
            await writer.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        output.Result(
            $"appended {count} entries (indices {firstIndex}–{writer.Size - 1})\ntree size {writer.Size}\nroot {writer.Root}",
            AppendReport(count, firstIndex, writer.Size, writer.Root.ToBase64()));
    }

    private static JsonReport AppendReport(ulong appended, ulong firstIndex, ulong treeSize, string root) => new JsonReport()
        .Add("appended", appended)
        .Add("firstIndex", firstIndex)
        .Add("treeSize", treeSize)
        .Add("root", root);
}
