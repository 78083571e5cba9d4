using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Output;

/// <summary>
/// Where a command's results go: human text on stdout, or with <c>--json</c> one JSON object on stdout.
/// A failure is always one line on stderr (<c>verification failed: …</c>, <c>refused: …</c> or <c>error: …</c>), and with
/// <c>--json</c> also a JSON object on stdout.
/// </summary>
internal sealed class CommandOutput
{
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Failures and notes for humans.</param>
    /// <param name="json">Whether results are written as JSON.</param>
    /// <param name="reportsVerification">Whether the command gives a verdict, so its JSON carries <c>"verified"</c>.</param>
    public CommandOutput(TextWriter stdout, TextWriter stderr, bool json, bool reportsVerification)
    {
        _stdout = stdout;
        _stderr = stderr;
        Json = json;
        ReportsVerification = reportsVerification;
    }

    public bool Json { get; }

    public bool ReportsVerification { get; }

    /// <summary>Writes a result: <paramref name="text"/>, or <paramref name="json"/> in JSON mode.</summary>
    public void Result(string text, JsonReport json)
    {
        _stdout.WriteLine(Json ? json.ToString() : text);
    }

    /// <summary>Writes a line that is JSON whether or not <c>--json</c> was given (proof commands).</summary>
    public void JsonResult(JsonReport json) => _stdout.WriteLine(json.ToString());

    /// <summary>A note for humans on stderr, kept off stdout so stdout stays a clean result.</summary>
    public void Note(string text) => _stderr.WriteLine(text);

    /// <summary>
    /// Reports a failure in one line on stderr, and in JSON mode as <c>{"verified":false,"reason"|"error":…}</c> (commands that
    /// give a verdict: "reason" when something did not verify) or <c>{"error":…}</c> on stdout.
    /// </summary>
    public void Failure(ExitCode exitCode, string reason)
    {
        string line = OneLine(reason);
        _stderr.WriteLine(exitCode == ExitCode.VerificationFailed ? $"verification failed: {line}" : $"error: {line}");
        if (!Json)
        {
            return;
        }

        var report = new JsonReport();
        if (!ReportsVerification)
        {
            report.Add("error", line);
        }
        else
        {
            report.Add("verified", false).Add(exitCode == ExitCode.VerificationFailed ? "reason" : "error", line);
        }

        _stdout.WriteLine(report.ToString());
    }

    /// <summary>
    /// Reports that the ledger refused the request (exit 1): <c>refused: …</c> on stderr, and in JSON mode
    /// <paramref name="json"/> on stdout when the command has not written its own JSON result already.
    /// </summary>
    public void Refusal(string reason, JsonReport? json)
    {
        _stderr.WriteLine($"refused: {OneLine(reason)}");
        if (Json && json is not null)
        {
            _stdout.WriteLine(json.ToString());
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
