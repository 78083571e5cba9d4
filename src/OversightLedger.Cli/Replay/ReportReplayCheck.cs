using OversightLedger.Cli.Checks;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Cli.Output;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Replay;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Cli.Replay;

/// <summary>
/// The checks of <c>oversight replay</c>, in order: the report file is a report; its checkpoint fields are those of the
/// signed note it carries (and, with a key, the note is signed by the log); the log is the same log and still extends
/// that checkpoint; every entry and hash tile of the checkpoint's tree verifies against its root (what
/// <c>verify log</c> checks); then one pass recomputes every figure and replays every rule.
/// </summary>
internal static class ReportReplayCheck
{
    /// <exception cref="CommandFailedException">The report cannot be read (exit 2), or the checkpoint or log does not verify (exit 1).</exception>
    /// <exception cref="LogVerificationException">An entry or tile does not verify (exit 1).</exception>
    public static async Task<ReplayVerdict> RunAsync(LogSource log, string reportPath, NoteVerifier? verifier, CancellationToken cancellationToken)
    {
        QuarterlyReport reported = await ReadReportAsync(reportPath, cancellationToken).ConfigureAwait(false);
        ReportCheckpoint cited = reported.Checkpoint;
        Checkpoint citedCheckpoint = OpenCitedCheckpoint(cited, verifier);

        Checkpoint current = verifier is null
            ? await CheckpointReader.ReadUnverifiedAsync(log, cancellationToken).ConfigureAwait(false)
            : (await CheckpointReader.ReadVerifiedAsync(log, verifier, cancellationToken).ConfigureAwait(false)).Checkpoint;
        if (current.Origin != cited.Origin)
        {
            throw CommandFailedException.VerificationFailed($"the report cites log '{cited.Origin}', but {log.Location} holds log '{current.Origin}'.");
        }

        if (current.Size < cited.Size)
        {
            throw CommandFailedException.VerificationFailed(
                $"the report cites a checkpoint of size {cited.Size}, but {log.Location} has only {current.Size} entries: the log lost entries or forked.");
        }

        await LogConsistency.VerifyAsync(log, citedCheckpoint, current, cancellationToken).ConfigureAwait(false);
        await TerminalProgress.RunAsync(
            $"verifying {cited.Size:N0} entries",
            cited.Size,
            progress => TileLogVerifier.VerifyAsync(log, cited.Size, cited.Root, progress, cancellationToken)).ConfigureAwait(false);

        ReportReplayResult replay = null!;
        await TerminalProgress.RunAsync(
            $"recomputing {reported.Quarter} and replaying the rules",
            cited.Size,
            async progress => replay = await ReportReplay.ReplayAsync(log, reported.Quarter, cited, progress, cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);

        IReadOnlyList<ReportFigure> recomputedFigures = ReportFigures.Flatten(replay.Recomputed);
        IReadOnlyList<FigureMismatch> mismatches = ReportFigures.Compare(ReportFigures.Flatten(reported), recomputedFigures);
        string? key = verifier is null ? null : $"{verifier.Name}+{verifier.KeyHash:x8}";
        return new ReplayVerdict(reported, key, recomputedFigures.Count, mismatches, replay.Violations, current);
    }

    private static async Task<QuarterlyReport> ReadReportAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read report file '{path}': {e.Message}", e);
        }

        try
        {
            return ReportJsonReader.Read(bytes);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"'{path}' is not a quarterly report: {e.Message}", e);
        }
    }

    /// <summary>The checkpoint in the report's signed note, which must say what the report's own fields say.</summary>
    private static Checkpoint OpenCitedCheckpoint(ReportCheckpoint cited, NoteVerifier? verifier)
    {
        byte[] note = System.Text.Encoding.UTF8.GetBytes(cited.SignedNote);
        Checkpoint checkpoint;
        try
        {
            checkpoint = verifier is null
                ? Checkpoint.Parse(SignedNote.Parse(note).Text)
                : SignedCheckpoint.Open(note, verifier).Checkpoint;
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"the report's checkpoint note is malformed: {e.Message}", e);
        }
        catch (NoteVerificationException e)
        {
            throw CommandFailedException.VerificationFailed(
                $"the report's checkpoint is not signed by {verifier!.Name}+{verifier.KeyHash:x8}: {e.Message}", e);
        }

        if (checkpoint.Origin != cited.Origin || checkpoint.Size != cited.Size || checkpoint.Root != cited.Root)
        {
            throw CommandFailedException.VerificationFailed(
                $"the report's checkpoint says {cited.Origin} size {cited.Size} root {cited.Root}, but its signed note says "
                + $"{checkpoint.Origin} size {checkpoint.Size} root {checkpoint.Root}.");
        }

        return checkpoint;
    }
}
