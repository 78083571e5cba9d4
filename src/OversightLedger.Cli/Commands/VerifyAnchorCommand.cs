using System.CommandLine;
using System.Globalization;
using System.Numerics;
using OversightLedger.Anchoring;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Cli.Checks;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight verify anchor FILE|URL --vkey KEY [--network main] [--depth 6] [--block HASH] [--witness VKEY… --quorum K]</c>: checks a Bitcoin anchor
/// proof offline (see docs/ARCHITECTURE.md, "Anchoring in Bitcoin"). Exit 0 verified, 1 a check failed (the line names
/// it), 2 bad usage or an unreadable or malformed file.
/// </summary>
internal static class VerifyAnchorCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The anchor proof: a JSON file of format oversight-anchor/v1, or its http(s) URL (a ledger server serves /log/anchors/<size>.json)." };
        Option<string> vkey = CommonOptions.VerifierKey();
        Option<string> network = AnchorOptions.Network();
        Option<int> depth = AnchorOptions.Depth();
        Option<string?> block = AnchorOptions.Block();
        Option<string[]> witnesses = CommonOptions.Witnesses();
        Option<int?> quorum = CommonOptions.Quorum();
        Option<bool> json = CommonOptions.VerdictJson();
        var command = new Command(
            "anchor",
            "Verify a Bitcoin anchor offline: the checkpoint's signature (and with --witness its cosignatures' quorum), the OP_RETURN commitment in the transaction, the transaction in the block "
                + "(exactly that txid in the partial merkle tree), each header's proof of work against its bits and the network's limit, the headers' links, the depth, and with --block the block's hash.")
        {
            file, vkey, network, depth, block, witnesses, quorum, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: true,
            (output, token) => VerifyAsync(
                output,
                WitnessRequirement.FromOptions(parseResult.GetValue(witnesses), parseResult.GetValue(quorum)),
                parseResult.GetRequiredValue(file),
                parseResult.GetRequiredValue(vkey),
                AnchorProofCheck.Policy(parseResult.GetRequiredValue(network), parseResult.GetValue(depth), parseResult.GetValue(block)),
                token),
            cancellationToken));
        return command;
    }

    private static async Task VerifyAsync(CommandOutput output, WitnessRequirement witnesses, string path, string vkey, AnchorVerificationPolicy policy, CancellationToken cancellationToken)
    {
        NoteVerifier verifier = KeyFiles.ReadVerifier(vkey);
        AnchorProof proof = await AnchorProofCheck.ReadAsync(path, cancellationToken);
        VerifiedAnchor anchor = AnchorProofCheck.Verify(path, proof, verifier, policy);
        Checkpoint checkpoint = anchor.Checkpoint;
        witnesses.Require(output, checkpoint, AnchorProofCheck.SignatureLines(proof));

        string networkName = AnchorNetworks.NameOf(policy.Network);
        bool pinned = policy.PinnedBlockHash is not null;
        string time = anchor.BlockTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string work = Log2(anchor.Work).ToString("F1", CultureInfo.InvariantCulture);
        output.Result(
            $"log {checkpoint.Origin} had size {checkpoint.Size}, root {checkpoint.Root} no later than block {anchor.BlockHash} (time {time})\n"
                + $"transaction {anchor.TransactionId} output {anchor.OutputIndex}; {anchor.Depth} headers checked on {networkName}, about 2^{work} hashes of work"
                + (pinned ? "; the block is the pinned one" : "; the block was not pinned (--block)")
                + witnesses.Text(),
            witnesses.AddTo(new JsonReport()
                .Add("verified", true)
                .Add("origin", checkpoint.Origin)
                .Add("treeSize", checkpoint.Size)
                .Add("root", checkpoint.Root.ToBase64())
                .Add("network", networkName)
                .Add("txid", anchor.TransactionId.ToString())
                .Add("outputIndex", (ulong)anchor.OutputIndex)
                .Add("blockHash", anchor.BlockHash.ToString())
                .Add("blockTime", time)
                .Add("depth", (ulong)anchor.Depth)
                .Add("log2Work", work)
                .Add("blockPinned", pinned)));
        witnesses.NoteIfNoneRequired(output);
    }

    private static double Log2(BigInteger value) => value.IsZero ? 0 : BigInteger.Log(value, 2);
}
