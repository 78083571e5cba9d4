using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OversightLedger.Anchoring;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Cli.Checks;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Cli.Replay;
using OversightLedger.Domain.Replay;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight replay</c>: checks a quarterly report against the public log alone (and with <c>--anchor</c> a Bitcoin anchor of that log). Exit 0 when the log verifies, every
/// figure agrees and no rule is broken; 1 on a mismatch, a rule violation or a log that does not verify; 2 on bad usage
/// or an unreadable report or log.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        Option<string> log = CommonOptions.Log();
        var report = new Option<string>("--report")
        {
            Description = "The quarterly report's JSON file (as published, with the checkpoint it was computed at).",
            HelpName = "FILE",
            Required = true,
        };
        var vkey = new Option<string?>("--vkey")
        {
            Description = "The log's verifier key (string or file): also check that the report's checkpoint and the log's are signed by the log. Without it, "
                + "the entries are still checked against the report's checkpoint root.",
            HelpName = "KEY",
        };
        var anchor = new Option<string?>("--anchor")
        {
            Description = "An anchor proof (oversight-anchor/v1 file or its URL, such as <server>/log/anchors/<size>.json): verify it as 'verify anchor' does "
                + "(with --network, --depth, --block) and check that the anchored checkpoint is of the replayed log (a consistency proof from the tiles). Needs --vkey.",
            HelpName = "FILE|URL",
        };
        Option<string> network = AnchorOptions.Network();
        Option<int> depth = AnchorOptions.Depth();
        Option<string?> block = AnchorOptions.Block();
        Option<string[]> witnesses = CommonOptions.Witnesses();
        Option<int?> quorum = CommonOptions.Quorum();
        Option<bool> json = CommonOptions.VerdictJson();
        var command = new Command(
            "replay",
            "Check a quarterly report against the log: verify every entry and tile up to the checkpoint the report cites (as 'verify log' does), "
            + "recompute every figure from the entries, compare them one by one (each mismatch is listed with its path, the report's value and "
            + "the recomputed one), and replay the ring-fence and tranche rules over the whole history; with --anchor also a Bitcoin anchor of the log. "
            + "Exit codes: 0 all agree and no rule is broken, 1 a mismatch, a violation or a log that does not verify, 2 bad usage or unreadable input.")
        {
            log, report, vkey, anchor, network, depth, block, witnesses, quorum, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            bool agrees = true;
            int exitCode = await CommandRunner.RunAsync(
                parseResult,
                json,
                reportsVerification: true,
                async (output, token) => agrees = await ReplayAsync(
                    output,
                    WitnessRequirement.FromOptions(parseResult.GetValue(witnesses), parseResult.GetValue(quorum)),
                    AnchorRequest(parseResult, anchor, vkey, network, depth, block),
                    parseResult.GetRequiredValue(log), parseResult.GetRequiredValue(report), parseResult.GetValue(vkey), token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            return exitCode == (int)ExitCode.Ok && !agrees ? (int)ExitCode.VerificationFailed : exitCode;
        });
        return command;
    }

    /// <summary>The anchor to check and what is required of it, or null without <c>--anchor</c>.</summary>
    /// <exception cref="CommandFailedException">--anchor without --vkey, an anchor option without --anchor, or a bad option value (exit 2).</exception>
    private static (string Path, AnchorVerificationPolicy Policy)? AnchorRequest(
        ParseResult parseResult, Option<string?> anchor, Option<string?> vkey, Option<string> network, Option<int> depth, Option<string?> block)
    {
        string? path = parseResult.GetValue(anchor);
        if (path is null)
        {
            Option[] requirements = [network, depth, block];
            return requirements.FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false }) is { } given
                ? throw CommandFailedException.BadInput($"{given.Name} says what an anchor must meet: give the anchor proof with --anchor.")
                : null;
        }

        return parseResult.GetValue(vkey) is null
            ? throw CommandFailedException.BadInput("--anchor needs the log's key: give it with --vkey (the anchored checkpoint's signature is checked).")
            : (path, AnchorProofCheck.Policy(parseResult.GetRequiredValue(network), parseResult.GetValue(depth), parseResult.GetValue(block)));
    }

    private static async Task<bool> ReplayAsync(
        CommandOutput output, WitnessRequirement witnesses, (string Path, AnchorVerificationPolicy Policy)? anchorRequest, string location, string reportPath, string? vkey,
        CancellationToken cancellationToken)
    {
        NoteVerifier? verifier = vkey is null ? null : KeyFiles.ReadVerifier(vkey);

        // The anchor proof first: a malformed one is bad input before the long replay.
        VerifiedAnchor? anchor = null;
        if (anchorRequest is (string anchorPath, AnchorVerificationPolicy policy))
        {
            AnchorProof proof = await AnchorProofCheck.ReadAsync(anchorPath, cancellationToken).ConfigureAwait(false);
            anchor = AnchorProofCheck.Verify(anchorPath, proof, verifier!, policy);
        }

        using LogSource log = LogSource.Open(location);
        ReplayVerdict verdict = await ReportReplayCheck.RunAsync(log, reportPath, verifier, cancellationToken).ConfigureAwait(false);
        if (anchor is not null)
        {
            await ReplayedLogAnchor.CheckAsync(log, verdict, anchor, cancellationToken).ConfigureAwait(false);
        }

        // The report's checkpoint is cited with its note byte for byte, witnesses' cosignature lines included.
        SignedNote cited = SignedNote.Parse(System.Text.Encoding.UTF8.GetBytes(verdict.Reported.Checkpoint.SignedNote));
        witnesses.Require(output, Checkpoint.Parse(cited.Text), cited.Signatures);
        JsonReport json = Json(verdict);
        string text = Text(verdict, log.Location);
        if (anchor is not null)
        {
            (string anchorText, JsonReport anchorJson) = AnchorResult(verdict, anchor, anchorRequest!.Value.Policy);
            text += anchorText;
            json.Add("anchor", anchorJson);
        }

        output.Result(text + witnesses.Text(), witnesses.AddTo(json));
        if (!verdict.Agrees)
        {
            output.Note($"verification failed: {Summary(verdict)}");
        }
        else
        {
            witnesses.NoteIfNoneRequired(output);
        }

        return verdict.Agrees;
    }

    private static (string Text, JsonReport Json) AnchorResult(ReplayVerdict verdict, VerifiedAnchor anchor, AnchorVerificationPolicy policy)
    {
        Checkpoint anchored = anchor.Checkpoint;
        string network = AnchorNetworks.NameOf(policy.Network);
        string time = anchor.BlockTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        bool named = ReplayedLogAnchor.IsNamedByReport(verdict.Reported, anchor);
        string text = string.Create(
            CultureInfo.InvariantCulture,
            $"\nanchor: the log had size {anchored.Size}, root {anchored.Root} no later than block {anchor.BlockHash} (time {time}) on {network}, "
                + $"transaction {anchor.TransactionId}, {anchor.Depth} headers checked{(policy.PinnedBlockHash is null ? " (block not pinned: --block)" : ", the pinned block")}; "
                + $"consistent with the replayed log{(named ? "; the anchor the report names" : string.Empty)}");
        JsonReport json = new JsonReport()
            .Add("verified", true)
            .Add("treeSize", anchored.Size)
            .Add("root", anchored.Root.ToBase64())
            .Add("network", network)
            .Add("txid", anchor.TransactionId.ToString())
            .Add("blockHash", anchor.BlockHash.ToString())
            .Add("blockTime", time)
            .Add("depth", (ulong)anchor.Depth)
            .Add("blockPinned", policy.PinnedBlockHash is not null)
            .Add("namedByReport", named);
        return (text, json);
    }

    private static string Summary(ReplayVerdict verdict)
    {
        var parts = new List<string>();
        if (verdict.Mismatches.Count > 0)
        {
            FigureMismatch first = verdict.Mismatches[0];
            parts.Add($"{Count(verdict.Mismatches.Count, "figure")} of the report disagree with the log (first: {first})");
        }

        if (verdict.Violations.Count > 0)
        {
            parts.Add($"the log breaks {Count(verdict.Violations.Count, "rule")} (first: {Describe(verdict.Violations[0])})");
        }

        return string.Join("; ", parts);
    }

    private static string Text(ReplayVerdict verdict, string location)
    {
        ReportCheckpoint checkpoint = verdict.Reported.Checkpoint;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"replayed the {verdict.Reported.Quarter} report against log {checkpoint.Origin} at {location}\n")
            .Append(CultureInfo.InvariantCulture, $"checkpoint: tree size {checkpoint.Size}, root {checkpoint.Root}, signature ")
            .Append(verdict.SignatureCheckedWith is { } key ? $"verified with {key}\n" : "not checked (give --vkey to check it)\n")
            .Append(CultureInfo.InvariantCulture, $"verified: {checkpoint.Size} entries against their leaf hashes, every hash tile, the root\n");
        text.Append(CultureInfo.InvariantCulture, $"figures: {verdict.FiguresCompared} recomputed, ");
        text.Append(verdict.Mismatches.Count == 0 ? "all agree with the report\n" : $"{verdict.Mismatches.Count} disagree:\n");
        foreach (FigureMismatch mismatch in verdict.Mismatches)
        {
            text.Append("  ").Append(mismatch).Append('\n');
        }

        text.Append("rules: ");
        text.Append(verdict.Violations.Count == 0 ? "no violation in the whole history\n" : $"{Count(verdict.Violations.Count, "violation")}:\n");
        foreach (RuleViolation violation in verdict.Violations)
        {
            text.Append("  ").Append(Describe(violation)).Append('\n');
        }

        text.Append(verdict.Agrees ? "verified: the report adds up from the log" : "NOT verified");
        return text.ToString();
    }

    private static JsonReport Json(ReplayVerdict verdict)
    {
        ReportCheckpoint checkpoint = verdict.Reported.Checkpoint;
        JsonReport report = new JsonReport()
            .Add("verified", verdict.Agrees)
            .Add("quarter", verdict.Reported.Quarter.ToString())
            .Add("origin", checkpoint.Origin)
            .Add("treeSize", checkpoint.Size)
            .Add("root", checkpoint.Root.ToBase64())
            .Add("signatureChecked", verdict.SignatureCheckedWith is not null)
            .Add("figures", (ulong)verdict.FiguresCompared)
            .Add("mismatches", JsonSerializer.SerializeToElement(
                verdict.Mismatches.Select(m => new Dictionary<string, string?> { ["path"] = m.Path, ["reported"] = m.Reported, ["recomputed"] = m.Recomputed })))
            .Add("violations", JsonSerializer.SerializeToElement(verdict.Violations.Select(v => new Dictionary<string, object?>
            {
                ["leaf"] = v.LeafIndex, ["entryId"] = v.EntryId, ["kind"] = v.Kind, ["code"] = v.Code, ["message"] = v.Message,
            })));
        return report;
    }

    private static string Describe(RuleViolation violation) =>
        violation.EntryId is null
            ? $"leaf {violation.LeafIndex}: {violation.Code}: {violation.Message}"
            : $"leaf {violation.LeafIndex} ({violation.Kind} {violation.EntryId}): {violation.Code}: {violation.Message}";

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
