using System.CommandLine;
using OversightLedger.Cli.Checks;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Receipts;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight verify log|inclusion|consistency|receipt</c>: the auditor's checks, trusting nothing but the
/// log's verifier key. Exit 0 verified, 1 verification failed, 2 bad usage or unreadable input.
/// </summary>
internal static class VerifyCommands
{
    public static Command Create() => new(
        "verify",
        "Verify a log, an entry's inclusion, the log's growth or a receipt against the log's verifier key. Exit codes: 0 verified, 1 verification failed, 2 bad usage or unreadable input.")
    {
        Log(),
        Inclusion(),
        Consistency(),
        Receipt(),
        VerifyAnchorCommand.Create(),
    };

    private static Command Log()
    {
        Option<string> log = CommonOptions.Log();
        Option<string> vkey = CommonOptions.VerifierKey();
        var old = new Option<string?>("--old")
        {
            Description = "An earlier checkpoint of the same log (a saved 'checkpoint' file): also verify its signature and that the log only grew from it.",
            HelpName = "CHECKPOINTFILE",
        };
        Option<string[]> witnesses = CommonOptions.Witnesses();
        Option<int?> quorum = CommonOptions.Quorum();
        Option<bool> json = CommonOptions.VerdictJson();
        var command = new Command(
            "log",
            "Verify the whole log: the checkpoint's signature, every entry against its leaf hash, every hash tile, and the root; with --old also consistency with an earlier checkpoint. Shows a progress bar when stderr is a terminal.")
        {
            log, vkey, old, witnesses, quorum, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: true,
            (output, token) => VerifyLogAsync(output, WitnessRequirement.FromOptions(parseResult.GetValue(witnesses), parseResult.GetValue(quorum)), parseResult.GetRequiredValue(log), parseResult.GetRequiredValue(vkey), parseResult.GetValue(old), token),
            cancellationToken));
        return command;
    }

    private static Command Inclusion()
    {
        Option<string> log = CommonOptions.Log();
        Option<string> vkey = CommonOptions.VerifierKey();
        var index = new Option<ulong>("--index") { Description = "The entry's zero-based index.", HelpName = "I", Required = true };
        Option<string[]> witnesses = CommonOptions.Witnesses();
        Option<int?> quorum = CommonOptions.Quorum();
        Option<bool> json = CommonOptions.VerdictJson();
        var command = new Command(
            "inclusion",
            "Verify that entry I, as stored in its entry bundle, is in the tree of the log's signed checkpoint (inclusion proof built from the tiles).")
        {
            log, vkey, index, witnesses, quorum, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: true,
            (output, token) => VerifyInclusionAsync(output, WitnessRequirement.FromOptions(parseResult.GetValue(witnesses), parseResult.GetValue(quorum)), parseResult.GetRequiredValue(log), parseResult.GetRequiredValue(vkey), parseResult.GetValue(index), token),
            cancellationToken));
        return command;
    }

    private static Command Consistency()
    {
        Option<string> log = CommonOptions.Log();
        Option<string> vkey = CommonOptions.VerifierKey();
        var old = new Option<string>("--old")
        {
            Description = "An earlier checkpoint of the same log: a saved 'checkpoint' file, or an anchor proof file (oversight-anchor/v1, as served at "
                + "/log/anchors/<size>.json) whose checkpoint is taken; only that checkpoint's signature is checked here, its Bitcoin proof by 'verify anchor'.",
            HelpName = "CHECKPOINTFILE|ANCHORFILE",
            Required = true,
        };
        Option<string[]> witnesses = CommonOptions.Witnesses();
        Option<int?> quorum = CommonOptions.Quorum();
        Option<bool> json = CommonOptions.VerdictJson();
        var command = new Command(
            "consistency",
            "Verify that the log only grew since an earlier checkpoint: both signatures, and a consistency proof (built from the tiles) between the two roots.")
        {
            log, vkey, old, witnesses, quorum, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: true,
            (output, token) => VerifyConsistencyAsync(output, WitnessRequirement.FromOptions(parseResult.GetValue(witnesses), parseResult.GetValue(quorum)), parseResult.GetRequiredValue(log), parseResult.GetRequiredValue(vkey), parseResult.GetRequiredValue(old), token),
            cancellationToken));
        return command;
    }

    private static Command Receipt()
    {
        var receipt = new Argument<string>("RECEIPT") { Description = "The receipt: a C2SP tlog-proof file (c2sp.org/tlog-proof@v1)." };
        Option<string> vkey = CommonOptions.VerifierKey();
        var entry = new Option<string>("--entry")
        {
            Description = "A file holding exactly the entry's bytes (no trailing newline unless the entry has one).",
            HelpName = "ENTRYFILE",
            Required = true,
        };
        Option<string[]> witnesses = CommonOptions.Witnesses();
        Option<int?> quorum = CommonOptions.Quorum();
        Option<bool> json = CommonOptions.VerdictJson();
        var command = new Command(
            "receipt",
            "Verify a receipt offline: its checkpoint's signature and that the entry is at the receipt's index in that checkpoint's tree.")
        {
            receipt, vkey, entry, witnesses, quorum, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: true,
            (output, _) => VerifyReceipt(output, WitnessRequirement.FromOptions(parseResult.GetValue(witnesses), parseResult.GetValue(quorum)), parseResult.GetRequiredValue(receipt), parseResult.GetRequiredValue(vkey), parseResult.GetRequiredValue(entry)),
            cancellationToken));
        return command;
    }

    private static async Task VerifyLogAsync(CommandOutput output, WitnessRequirement witnesses, string location, string vkey, string? oldPath, CancellationToken cancellationToken)
    {
        NoteVerifier verifier = KeyFiles.ReadVerifier(vkey);
        using LogSource log = LogSource.Open(location);
        SignedCheckpoint signed = await CheckpointReader.ReadVerifiedAsync(log, verifier, cancellationToken).ConfigureAwait(false);
        Checkpoint current = signed.Checkpoint;
        witnesses.Require(output, current, signed.Note.Signatures);
        Checkpoint? old = oldPath is null ? null : CheckpointReader.ReadVerifiedFile(oldPath, verifier).Checkpoint;

        await TerminalProgress.RunAsync(
            $"verifying {current.Size:N0} entries",
            current.Size,
            progress => TileLogVerifier.VerifyAsync(log, current.Size, current.Root, progress, cancellationToken)).ConfigureAwait(false);
        if (old is not null)
        {
            await LogConsistency.VerifyAsync(log, old, current, cancellationToken).ConfigureAwait(false);
        }

        JsonReport json = witnesses.AddTo(VerifiedReport(current));
        string text = $"verified log {current.Origin} at {log.Location}\n"
            + $"tree size {current.Size}\nroot {current.Root}\n"
            + $"checked: the checkpoint signature, {current.Size} entries against their leaf hashes, every hash tile, the root";
        if (old is not null)
        {
            json.Add("oldTreeSize", old.Size).Add("oldRoot", old.Root.ToBase64());
            text += $"\nconsistent with the old checkpoint of size {old.Size} (root {old.Root})";
        }

        output.Result(text + witnesses.Text(), json);
        witnesses.NoteIfNoneRequired(output);
    }

    private static async Task VerifyInclusionAsync(CommandOutput output, WitnessRequirement witnesses, string location, string vkey, ulong index, CancellationToken cancellationToken)
    {
        NoteVerifier verifier = KeyFiles.ReadVerifier(vkey);
        using LogSource log = LogSource.Open(location);
        SignedCheckpoint signed = await CheckpointReader.ReadVerifiedAsync(log, verifier, cancellationToken).ConfigureAwait(false);
        Checkpoint checkpoint = signed.Checkpoint;
        witnesses.Require(output, checkpoint, signed.Note.Signatures);
        VerifiedInclusion inclusion = await EntryInclusion.VerifyAsync(log, checkpoint, index, cancellationToken).ConfigureAwait(false);
        output.Result(
            $"verified: entry {index} is in log {checkpoint.Origin} at tree size {checkpoint.Size}\n"
                + $"leaf hash {inclusion.LeafHash}\nroot {checkpoint.Root}\nproof {inclusion.Proof.Length} hashes" + witnesses.Text(),
            witnesses.AddTo(new JsonReport()
                .Add("verified", true)
                .Add("index", index)
                .Add("treeSize", checkpoint.Size)
                .Add("root", checkpoint.Root.ToBase64())
                .Add("leafHash", inclusion.LeafHash.ToBase64())
                .Add("proof", inclusion.Proof.Select(h => h.ToBase64()))));
        witnesses.NoteIfNoneRequired(output);
    }

    private static async Task VerifyConsistencyAsync(CommandOutput output, WitnessRequirement witnesses, string location, string vkey, string oldPath, CancellationToken cancellationToken)
    {
        NoteVerifier verifier = KeyFiles.ReadVerifier(vkey);
        using LogSource log = LogSource.Open(location);
        SignedCheckpoint signed = await CheckpointReader.ReadVerifiedAsync(log, verifier, cancellationToken).ConfigureAwait(false);
        Checkpoint current = signed.Checkpoint;
        witnesses.Require(output, current, signed.Note.Signatures);
        (SignedCheckpoint oldSigned, bool fromAnchor) = CheckpointReader.ReadVerifiedCheckpointOrAnchor(oldPath, verifier);
        Checkpoint old = oldSigned.Checkpoint;
        MerkleHash[] proof = await LogConsistency.VerifyAsync(log, old, current, cancellationToken).ConfigureAwait(false);
        string what = fromAnchor ? "the anchored checkpoint" : "the old checkpoint";
        output.Result(
            $"verified: log {current.Origin} at tree size {current.Size} (root {current.Root}) extends {what} of size {old.Size} (root {old.Root})"
                + (fromAnchor ? $"\nthe anchor's Bitcoin proof was not checked here: check it with 'oversight verify anchor {oldPath}'" : string.Empty)
                + witnesses.Text(),
            witnesses.AddTo(new JsonReport()
                .Add("verified", true)
                .Add("oldFromAnchor", fromAnchor)
                .Add("oldTreeSize", old.Size)
                .Add("treeSize", current.Size)
                .Add("oldRoot", old.Root.ToBase64())
                .Add("root", current.Root.ToBase64())
                .Add("proof", proof.Select(h => h.ToBase64()))));
        witnesses.NoteIfNoneRequired(output);
    }

    private static Task VerifyReceipt(CommandOutput output, WitnessRequirement witnesses, string receiptPath, string vkey, string entryPath)
    {
        NoteVerifier verifier = KeyFiles.ReadVerifier(vkey);
        byte[] receiptBytes = ReadFile(receiptPath, "receipt");
        byte[] entry = ReadFile(entryPath, "entry file");
        TlogProof receipt;
        try
        {
            receipt = TlogProof.Parse(receiptBytes);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"'{receiptPath}' is not a valid tlog-proof receipt: {e.Message}", e);
        }

        SignedCheckpoint signed;
        try
        {
            signed = receipt.Verify(entry, verifier);
        }
        catch (NoteVerificationException e)
        {
            throw CommandFailedException.VerificationFailed($"signature of the checkpoint in receipt '{receiptPath}' does not verify: {e.Message}", e);
        }
        catch (ProofVerificationException e)
        {
            throw CommandFailedException.VerificationFailed(
                $"the entry in '{entryPath}' is not entry {receipt.Index} of the receipt's checkpoint: {e.Message}", e);
        }

        Checkpoint checkpoint = signed.Checkpoint;
        witnesses.Require(output, checkpoint, signed.Note.Signatures);
        output.Result(
            $"verified: the entry in {entryPath} is entry {receipt.Index} of log {checkpoint.Origin} at tree size {checkpoint.Size} (root {checkpoint.Root})" + witnesses.Text(),
            witnesses.AddTo(new JsonReport()
                .Add("verified", true)
                .Add("index", receipt.Index)
                .Add("treeSize", checkpoint.Size)
                .Add("root", checkpoint.Root.ToBase64())
                .Add("origin", checkpoint.Origin)));
        witnesses.NoteIfNoneRequired(output);
        return Task.CompletedTask;
    }

    private static JsonReport VerifiedReport(Checkpoint checkpoint) => new JsonReport()
        .Add("verified", true)
        .Add("treeSize", checkpoint.Size)
        .Add("root", checkpoint.Root.ToBase64())
        .Add("origin", checkpoint.Origin);

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read {what} '{path}': {e.Message}", e);
        }
    }
}
