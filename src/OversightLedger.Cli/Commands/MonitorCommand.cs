using System.CommandLine;
using System.Text.Json;
using OversightLedger.Cli.Checks;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Watchdog;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight monitor</c>: follows a log from the last checkpoint it saw (kept in <c>--state</c>, the checkpoint note
/// verbatim). Each run verifies the new checkpoint's signature (and the witness quorum, if asked), refuses a rollback
/// (smaller) or fork (same size, other root; or no consistency proof from the old root) with exit 1 and the state left
/// as it was, verifies every entry and tile against the new root, checks that every new entry parses as a ledger entry,
/// and runs the watchdog rules (<see cref="WatchdogMonitor"/>) over the whole log offline, printing the findings
/// concluded at the new entries as JSON lines on stdout (what <c>docs/WATCHDOG-RULES.md</c> promises an auditor).
/// </summary>
internal static class MonitorCommand
{
    public static Command Create()
    {
        Option<string> log = CommonOptions.Log();
        Option<string> vkey = CommonOptions.VerifierKey();
        var state = new Option<string>("--state")
        {
            Description = "The monitor's state: the last checkpoint it accepted (created on the first run; replaced only after a run that verified).",
            HelpName = "FILE",
            Required = true,
        };
        var watchdog = new Option<string>("--watchdog")
        {
            Description = "The watchdog name the findings are concluded for (their ids derive from it; a watchdog's own findings already in the log are not repeated). Default 'monitor'.",
            HelpName = "NAME",
            DefaultValueFactory = _ => "monitor",
        };
        Option<string[]> witnesses = CommonOptions.Witnesses();
        Option<int?> quorum = CommonOptions.Quorum();
        var command = new Command(
            "monitor",
            "Follow a log from the checkpoint in --state: verify the new checkpoint (and its witness quorum), that the log only grew (exit 1 on a fork or "
            + "rollback), every entry and tile, that every new entry is a ledger entry, and print the watchdog rules' findings on the new entries as JSON lines.")
        {
            log, vkey, state, watchdog, witnesses, quorum,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            jsonOption: null,
            reportsVerification: true,
            (output, token) => MonitorAsync(
                output,
                WitnessRequirement.FromOptions(parseResult.GetValue(witnesses), parseResult.GetValue(quorum)),
                new MonitorRequest(parseResult.GetRequiredValue(log), parseResult.GetRequiredValue(vkey), parseResult.GetRequiredValue(state), parseResult.GetRequiredValue(watchdog)),
                token),
            cancellationToken));
        return command;
    }

    private static async Task MonitorAsync(CommandOutput output, WitnessRequirement witnesses, MonitorRequest request, CancellationToken cancellationToken)
    {
        WatchdogMonitor rules;
        try
        {
            rules = new WatchdogMonitor(request.Watchdog, new WatchdogRuleSettings(), WatchdogScope.Everything);
        }
        catch (ArgumentException e)
        {
            throw CommandFailedException.BadInput($"--watchdog '{request.Watchdog}' is not a valid name: {e.Message}", e);
        }

        var verifier = KeyFiles.ReadVerifier(request.VerifierKey);
        SignedCheckpoint? seen = File.Exists(request.StatePath) ? CheckpointReader.ReadVerifiedFile(request.StatePath, verifier) : null;
        using LogSource log = LogSource.Open(request.Log);
        SignedCheckpoint signed = await CheckpointReader.ReadVerifiedAsync(log, verifier, cancellationToken).ConfigureAwait(false);
        Checkpoint current = signed.Checkpoint;
        witnesses.Require(output, current, signed.Note.Signatures);
        if (seen is not null)
        {
            RefuseRollbackOrFork(seen.Checkpoint, current);
            await LogConsistency.VerifyAsync(log, seen.Checkpoint, current, cancellationToken).ConfigureAwait(false);
        }

        await TileLogVerifier.VerifyAsync(log, current.Size, current.Root, progress: null, cancellationToken).ConfigureAwait(false);
        ulong from = seen?.Checkpoint.Size ?? 0;
        (int findings, List<string> unparsed) = await RunRulesAsync(output, log, rules, from, current.Size, cancellationToken).ConfigureAwait(false);

        // The state moves on only now: a run that failed above is repeated from the same checkpoint next time.
        byte[] note = signed.Format();
        string temporary = request.StatePath + ".tmp";
        await File.WriteAllBytesAsync(temporary, note, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, request.StatePath, overwrite: true);
        output.Note(
            $"monitored log {current.Origin} at {log.Location}: size {from} -> {current.Size} (root {current.Root}), "
            + $"{current.Size - from} new entries, {findings} findings" + witnesses.Text().Replace('\n', ' '));
        witnesses.NoteIfNoneRequired(output);
        if (unparsed.Count > 0)
        {
            throw CommandFailedException.VerificationFailed(
                $"{unparsed.Count} new entries are not ledger entries (the state moved on; their ledger-integrity findings are above): {string.Join("; ", unparsed.Take(5))}");
        }
    }

    private static void RefuseRollbackOrFork(Checkpoint seen, Checkpoint current)
    {
        if (seen.Origin != current.Origin)
        {
            throw CommandFailedException.VerificationFailed($"the state holds a checkpoint of log '{seen.Origin}', not of '{current.Origin}': give each log its own --state.");
        }

        if (current.Size < seen.Size)
        {
            throw CommandFailedException.VerificationFailed(
                $"rollback: the log's checkpoint has {current.Size} entries, fewer than the {seen.Size} (root {seen.Root}) this monitor saw; the state is unchanged.");
        }

        if (current.Size == seen.Size && current.Root != seen.Root)
        {
            throw CommandFailedException.VerificationFailed(
                $"fork: the log's checkpoint of size {current.Size} has root {current.Root}, but this monitor saw root {seen.Root} at that size; the state is unchanged.");
        }
    }

    /// <summary>Feeds every leaf to the rules; prints the findings concluded at leaves from <paramref name="from"/> on.</summary>
    private static async Task<(int Findings, List<string> Unparsed)> RunRulesAsync(
        CommandOutput output, ILogReader log, WatchdogMonitor rules, ulong from, ulong size, CancellationToken cancellationToken)
    {
        int printed = 0;
        var unparsed = new List<string>();
        ulong bundles = TileLayout.TileCount(size, 0);
        for (ulong bundle = 0; bundle < bundles; bundle++)
        {
            int width = TileLayout.TileWidth(size, 0, bundle);
            List<ReadOnlyMemory<byte>> entries = await PartialTileReader.ReadEntriesAsync(log, bundle, width, cancellationToken).ConfigureAwait(false)
                ?? throw new LogVerificationException($"{TilePath.Entries(bundle, width)} is missing from {log.Location}.");
            for (int i = 0; i < entries.Count; i++)
            {
                ulong leaf = (bundle * TileLayout.Width) + (ulong)i;
                if (leaf >= from && !LedgerEntryParser.TryParse(entries[i].Span, out _, out string? error))
                {
                    unparsed.Add($"entry {leaf}: {error}");
                }

                rules.Observe(leaf, entries[i].Span);
                if (leaf + 1 == from)
                {
                    // Concluded before the last run's checkpoint: printed by that run.
                    rules.TakeNewFindings();
                }
            }

            if ((bundle + 1) * TileLayout.Width > from)
            {
                foreach (FindingCandidate finding in rules.TakeNewFindings())
                {
                    output.JsonResult(new JsonReport()
                        .Add("id", finding.Id)
                        .Add("watchdog", finding.Watchdog)
                        .Add("class", finding.Class)
                        .Add("budgets", finding.Budgets)
                        .Add("programs", finding.Programs)
                        .Add("leaves", JsonSerializer.SerializeToElement(finding.Leaves))
                        .Add("summary", finding.Summary));
                    printed++;
                }
            }
        }

        return (printed, unparsed);
    }
}
