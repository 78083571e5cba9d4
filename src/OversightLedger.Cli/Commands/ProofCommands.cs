using System.CommandLine;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight proof inclusion|consistency</c>: print proofs built from a log's tiles as one line of JSON
/// (hashes in base64), for any tree size up to the log's current checkpoint. Nothing is verified here.
/// </summary>
internal static class ProofCommands
{
    public static Command Create() => new(
        "proof",
        "Print an inclusion or consistency proof, built from the log's tiles, as one line of JSON (hashes in base64). The checkpoint is read for its size only; use 'verify' to check signatures.")
    {
        Inclusion(),
        Consistency(),
    };

    private static Command Inclusion()
    {
        Option<string> log = CommonOptions.Log();
        var index = new Option<ulong>("--index") { Description = "The entry's zero-based index.", HelpName = "I", Required = true };
        var size = new Option<ulong?>("--size")
        {
            Description = "The tree size to prove inclusion in (default: the current checkpoint's size).",
            HelpName = "N",
        };
        var command = new Command(
            "inclusion",
            "Print {\"index\":I,\"treeSize\":N,\"leafHash\":…,\"proof\":[…]}: the leaf hash (from the level-0 tile) and its inclusion proof in the tree of size N.")
        {
            log, index, size,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            jsonOption: null,
            reportsVerification: false,
            (output, token) => InclusionAsync(output, parseResult.GetRequiredValue(log), parseResult.GetValue(index), parseResult.GetValue(size), token),
            cancellationToken));
        return command;
    }

    private static Command Consistency()
    {
        Option<string> log = CommonOptions.Log();
        var from = new Option<ulong>("--from") { Description = "The old tree size (at least 1).", HelpName = "A", Required = true };
        var to = new Option<ulong?>("--to")
        {
            Description = "The new tree size (default: the current checkpoint's size).",
            HelpName = "B",
        };
        var command = new Command(
            "consistency",
            "Print {\"from\":A,\"to\":B,\"proof\":[…]}: the consistency proof from tree size A to tree size B.")
        {
            log, from, to,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            jsonOption: null,
            reportsVerification: false,
            (output, token) => ConsistencyAsync(output, parseResult.GetRequiredValue(log), parseResult.GetValue(from), parseResult.GetValue(to), token),
            cancellationToken));
        return command;
    }

    private static async Task InclusionAsync(CommandOutput output, string location, ulong index, ulong? requestedSize, CancellationToken cancellationToken)
    {
        using LogSource log = LogSource.Open(location);
        Checkpoint checkpoint = await CheckpointReader.ReadUnverifiedAsync(log, cancellationToken).ConfigureAwait(false);
        ulong size = requestedSize ?? checkpoint.Size;
        RequireWithinCheckpoint("--size", size, checkpoint);
        if (index >= size)
        {
            throw CommandFailedException.BadInput($"--index {index} is not in a tree of size {size}.");
        }

        // Tiles at the checkpoint's size always exist; a smaller tree's partial tiles may have been replaced.
        var nodes = new TileNodeHashReader(log, checkpoint.Size);
        MerkleHash leafHash = (await nodes.ReadHashesAsync([new NodeId(0, index)], cancellationToken).ConfigureAwait(false))[0];
        MerkleHash[] proof = await ProofBuilder.InclusionAsync(nodes, index, size, cancellationToken).ConfigureAwait(false);
        output.JsonResult(new JsonReport()
            .Add("index", index)
            .Add("treeSize", size)
            .Add("leafHash", leafHash.ToBase64())
            .Add("proof", proof.Select(h => h.ToBase64())));
    }

    private static async Task ConsistencyAsync(CommandOutput output, string location, ulong from, ulong? requestedTo, CancellationToken cancellationToken)
    {
        using LogSource log = LogSource.Open(location);
        Checkpoint checkpoint = await CheckpointReader.ReadUnverifiedAsync(log, cancellationToken).ConfigureAwait(false);
        ulong to = requestedTo ?? checkpoint.Size;
        RequireWithinCheckpoint("--to", to, checkpoint);
        if (from == 0)
        {
            throw CommandFailedException.BadInput("--from must be at least 1: every tree extends the empty tree, so there is nothing to prove.");
        }

        if (from > to)
        {
            throw CommandFailedException.BadInput($"--from {from} is larger than --to {to}.");
        }

        var nodes = new TileNodeHashReader(log, checkpoint.Size);
        MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(nodes, from, to, cancellationToken).ConfigureAwait(false);
        output.JsonResult(new JsonReport()
            .Add("from", from)
            .Add("to", to)
            .Add("proof", proof.Select(h => h.ToBase64())));
    }

    private static void RequireWithinCheckpoint(string option, ulong size, Checkpoint checkpoint)
    {
        if (size > checkpoint.Size)
        {
            throw CommandFailedException.BadInput($"{option} {size} is beyond the log's current checkpoint size {checkpoint.Size}.");
        }

        if (size == 0)
        {
            throw CommandFailedException.BadInput($"{option} must be at least 1: the empty tree has no proofs.");
        }
    }
}
