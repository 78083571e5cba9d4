using System.CommandLine;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Output;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight import</c>: send a payment list (CSV or JSON) to a program (POST /api/programs/{P}/payment-lists)
/// and write the ledger's result for every row. Exit 0 every row recorded, 1 some rows refused (results written),
/// 2 bad usage, an unreadable file or an HTTP failure (nothing to write).
/// </summary>
internal static class ImportCommand
{
    /// <summary>A list of 100,000 rows is logged in one request; give the server time.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(30);

    public static Command Create()
    {
        var payments = new Argument<string>("PAYMENTS")
        {
            Description = "The payment list: PAYMENTS.csv (header id,budget,beneficiary,amount[,tranche,sector,modality,period]) "
                + "or PAYMENTS.json (an array of objects with those fields); at most 100,000 rows. The extension sets the content type.",
        };
        Option<string> server = AgencyOptions.Server();
        Option<string> key = AgencyOptions.ApiKey();
        Option<string> program = AgencyOptions.Program();
        var results = new Option<string?>("--results")
        {
            Description = "Where to write the result of every row as CSV (row,id,status,leafIndex,code,message); default PAYMENTS.results.csv beside the list. Replaced if it exists.",
            HelpName = "FILE",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write the summary as one JSON object on stdout: {\"program\",\"rows\",\"accepted\",\"rejected\",\"results\",\"rejections\":{code:rows}} "
                + "(exit 0 or 1), or {\"error\":…} when nothing was processed (exit 2).",
        };
        var command = new Command(
            "import",
            "Disburse a payment list under a program in one request and write each row's result (leaf index, or the code of the rule that refused it). "
            + "Every row is idempotent by its id, so importing the same list again records nothing twice. Shows progress when stderr is a terminal. "
            + "Exit codes: 0 every row recorded, 1 some rows refused (see the results file), 2 bad usage, unreadable file or HTTP error.")
        {
            payments, server, key, program, results, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (output, token) => ImportAsync(
                output,
                parseResult.GetRequiredValue(payments),
                parseResult.GetRequiredValue(server),
                parseResult.GetRequiredValue(key),
                parseResult.GetRequiredValue(program),
                parseResult.GetValue(results),
                token),
            cancellationToken));
        return command;
    }

    private static async Task ImportAsync(
        CommandOutput output, string paymentsPath, string serverText, string keyText, string program, string? resultsOption, CancellationToken cancellationToken)
    {
        Uri server = ServerAddress.Parse(serverText);
        LedgerIdentifier.Require("--program", program);
        string apiKey = ApiKeyArgument.Read(keyText);
        using PaymentListFile payments = PaymentListFile.Open(paymentsPath);
        string resultsPath = resultsOption ?? payments.DefaultResultsPath;
        RequireWritableDirectory(resultsPath);

        using var client = new AgencyApiClient(server, apiKey, RequestTimeout);
        PaymentListReport report = await TerminalProgress.RunUploadAsync(
            $"importing {Path.GetFileName(payments.Path)}",
            (ulong)payments.Stream.Length,
            progress => client.ImportPaymentListAsync(program, new UploadProgressStream(payments.Stream, progress), payments.ContentType, cancellationToken))
            .ConfigureAwait(false);
        if (report.Results.Length != report.Rows)
        {
            throw CommandFailedException.BadInput($"the server reported {report.Rows} rows but sent {report.Results.Length} results.");
        }

        try
        {
            await RowResultsCsv.WriteAsync(resultsPath, report.Results, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput(
                $"the ledger processed the list ({report.Accepted} of {report.Rows} rows recorded) but the results file '{resultsPath}' cannot be written: {e.Message}; "
                + "import the same list again to get the results (nothing is recorded twice).",
                e);
        }

        (string Code, int Rows)[] rejections = [.. report.Results
            .Where(r => !r.IsAccepted)
            .GroupBy(r => r.Code ?? "unknown", StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(g => g.Item2)
            .ThenBy(g => g.Key, StringComparer.Ordinal)];
        var rejectionsJson = new JsonReport();
        foreach ((string code, int rows) in rejections)
        {
            rejectionsJson.Add(code, (ulong)rows);
        }

        string text = $"rows {report.Rows}, accepted {report.Accepted}, rejected {report.Rejected}\nresults {resultsPath}";
        if (rejections.Length > 0)
        {
            text += "\nrejected: " + string.Join(", ", rejections.Select(r => $"{r.Code} {r.Rows}"));
        }

        output.Result(
            text,
            new JsonReport()
                .Add("program", report.Program)
                .Add("rows", (ulong)report.Rows)
                .Add("accepted", (ulong)report.Accepted)
                .Add("rejected", (ulong)report.Rejected)
                .Add("results", Path.GetFullPath(resultsPath))
                .Add("rejections", rejectionsJson));
        if (report.Rejected > 0)
        {
            throw new LedgerRefusedException($"{report.Rejected} of {report.Rows} rows were refused; the reason for each is in {resultsPath}", report: null);
        }
    }

    private static void RequireWritableDirectory(string resultsPath)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(resultsPath))!;
        if (!Directory.Exists(directory))
        {
            throw CommandFailedException.BadInput($"the folder of the results file '{resultsPath}' does not exist.");
        }

        if (Directory.Exists(resultsPath))
        {
            throw CommandFailedException.BadInput($"--results '{resultsPath}' is a folder; give a file name.");
        }
    }
}
