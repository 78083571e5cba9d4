using System.CommandLine;
using System.Globalization;
using System.Numerics;
using NBitcoin;
using OversightLedger.Anchoring;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Spv;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight verify anchor FILE|URL --vkey KEY [--network main] [--depth 6] [--block HASH]</c>: checks a Bitcoin anchor
/// proof offline (see docs/ARCHITECTURE.md, "Anchoring in Bitcoin"). Exit 0 verified, 1 a check failed (the line names
/// it), 2 bad usage or an unreadable or malformed file.
/// </summary>
internal static class VerifyAnchorCommand
{
    /// <summary>The largest proof fetched over HTTP (a proof is a few kilobytes; thousands of headers are 80 bytes each).</summary>
    private const int MaxProofBytes = 4 * 1024 * 1024;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The anchor proof: a JSON file of format oversight-anchor/v1, or its http(s) URL (a ledger server serves /log/anchors/<size>.json)." };
        Option<string> vkey = CommonOptions.VerifierKey();
        var network = new Option<string>("--network")
        {
            Description = "The Bitcoin network whose proof-of-work limit the headers must meet.",
            DefaultValueFactory = _ => "main",
        };
        network.AcceptOnlyFromAmong([.. AnchorNetworks.Names]);
        var depth = new Option<int>("--depth")
        {
            Description = "The least number of block headers (the anchor's block and those on top of it) the proof must hold.",
            HelpName = "N",
            DefaultValueFactory = _ => 6,
        };
        var block = new Option<string?>("--block")
        {
            Description = "The anchor block's hash (64 hex digits), taken from a source you trust: a header chain proves work, not that it is the chain everyone follows.",
            HelpName = "HASH",
        };
        Option<bool> json = CommonOptions.VerdictJson();
        var command = new Command(
            "anchor",
            "Verify a Bitcoin anchor offline: the checkpoint's signature, the OP_RETURN commitment in the transaction, the transaction in the block "
                + "(exactly that txid in the partial merkle tree), each header's proof of work against its bits and the network's limit, the headers' links, the depth, and with --block the block's hash.")
        {
            file, vkey, network, depth, block, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: true,
            (output, token) => VerifyAsync(
                output,
                parseResult.GetRequiredValue(file),
                parseResult.GetRequiredValue(vkey),
                parseResult.GetRequiredValue(network),
                parseResult.GetValue(depth),
                parseResult.GetValue(block),
                token),
            cancellationToken));
        return command;
    }

    private static async Task VerifyAsync(CommandOutput output, string path, string vkey, string networkName, int depth, string? pinnedBlock, CancellationToken cancellationToken)
    {
        if (depth < 1)
        {
            throw CommandFailedException.BadInput($"--depth must be at least 1, not {depth}");
        }

        uint256? pinned = null;
        if (pinnedBlock is not null && (pinnedBlock.Length != 64 || !uint256.TryParse(pinnedBlock, out pinned)))
        {
            throw CommandFailedException.BadInput($"--block '{pinnedBlock}' is not a block hash (64 hex digits)");
        }

        NoteVerifier verifier = KeyFiles.ReadVerifier(vkey);
        AnchorProof proof = ParseProof(path, await ReadProofAsync(path, cancellationToken));
        var policy = new AnchorVerificationPolicy(AnchorNetworks.Get(networkName), depth, pinned);
        VerifiedAnchor anchor;
        try
        {
            anchor = AnchorVerifier.Verify(proof, verifier, policy);
        }
        catch (AnchorVerificationException e) when (e.Failure == AnchorFailure.Malformed)
        {
            throw CommandFailedException.BadInput($"anchor proof '{path}' is malformed: {e.Message}", e);
        }
        catch (AnchorVerificationException e)
        {
            throw CommandFailedException.VerificationFailed($"{Name(e.Failure)}: {e.Message}", e);
        }

        Checkpoint checkpoint = anchor.Checkpoint;
        string time = anchor.BlockTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string work = Log2(anchor.Work).ToString("F1", CultureInfo.InvariantCulture);
        output.Result(
            $"log {checkpoint.Origin} had size {checkpoint.Size}, root {checkpoint.Root} no later than block {anchor.BlockHash} (time {time})\n"
                + $"transaction {anchor.TransactionId} output {anchor.OutputIndex}; {anchor.Depth} headers checked on {networkName}, about 2^{work} hashes of work"
                + (pinned is null ? "; the block was not pinned (--block)" : "; the block is the pinned one"),
            new JsonReport()
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
                .Add("blockPinned", pinned is not null));
    }

    /// <summary>The proof file's bytes: a local file, or an http(s) URL such as a server's <c>/log/anchors/&lt;size&gt;.json</c>.</summary>
    private static async Task<byte[]> ReadProofAsync(string path, CancellationToken cancellationToken)
    {
        if (!path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.BadInput($"cannot read anchor proof '{path}': {e.Message}", e);
            }
        }

        if (!Uri.TryCreate(path, UriKind.Absolute, out Uri? url))
        {
            throw CommandFailedException.BadInput($"'{path}' is not a valid URL.");
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60), MaxResponseContentBufferSize = MaxProofBytes };
        try
        {
            using HttpResponseMessage response = await client.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadAsByteArrayAsync(cancellationToken)
                : throw CommandFailedException.BadInput($"cannot fetch anchor proof '{path}': HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw CommandFailedException.BadInput($"cannot fetch anchor proof '{path}': {e.Message}", e);
        }
    }

    private static AnchorProof ParseProof(string path, byte[] bytes)
    {
        try
        {
            AnchorProof proof = AnchorProof.Parse(bytes);

            // A checkpoint that is not a signed note at all is bad input (exit 2), as in the other verify commands.
            Checkpoint.Parse(SignedNote.Parse(proof.SignedCheckpoint.Span).Text);
            return proof;
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"anchor proof '{path}' is malformed: {e.Message}", e);
        }
    }

    private static string Name(AnchorFailure failure) => failure switch
    {
        AnchorFailure.CheckpointSignature => "checkpoint signature",
        AnchorFailure.Commitment => "commitment",
        AnchorFailure.MerkleProof => "transaction not in block",
        AnchorFailure.ProofOfWork => "proof of work",
        AnchorFailure.HeaderChain => "header chain",
        AnchorFailure.Depth => "too shallow",
        AnchorFailure.PinnedBlock => "not the pinned block",
        _ => failure.ToString(),
    };

    private static double Log2(BigInteger value) => value.IsZero ? 0 : BigInteger.Log(value, 2);
}
