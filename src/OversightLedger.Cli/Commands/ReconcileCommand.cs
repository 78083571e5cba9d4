using System.CommandLine;
using System.Globalization;
using System.Text;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Output;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight reconcile FILE --program P</c>: a payment provider's file of what became of each disbursement
/// (<see cref="ReconciliationFile"/>), sent row by row: <c>delivered</c> confirms the delivery, <c>failed</c> and
/// <c>returned</c> reverse the payment (all that is left of it, or the row's amount) with that reason. Each row is
/// idempotent without a request id (a delivery is confirmed once per disbursement, a reversal once per disbursement and
/// reason), so importing the same file again records nothing twice and prints the same leaves.
/// Exit 0 every row recorded, 1 some rows refused by a ledger rule, 2 bad usage, a malformed file or an HTTP failure.
/// </summary>
internal static class ReconcileCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public static Command Create()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "The provider's CSV: header id,status[,amount]; status delivered, failed or returned; amount (failed or returned only) "
                + "empty for all that is left of the payment. At most 100,000 rows; the whole file is checked before anything is sent.",
        };
        Option<string> server = AgencyOptions.Server();
        Option<string> key = AgencyOptions.ApiKey();
        Option<string> program = AgencyOptions.Program();
        var json = new Option<bool>("--json")
        {
            Description = "Write the summary as one JSON object on stdout: {\"program\",\"rows\",\"recorded\",\"refused\",\"results\":[one line per row]} "
                + "(exit 0 or 1), or {\"error\":…} (exit 2).",
        };
        var command = new Command(
            "reconcile",
            "Send a payment provider's reconciliation file: each delivered row confirms a disbursement's delivery, each failed or returned row reverses it "
            + "(the money goes back to the tranche and the cap). Prints one line per row: recorded with its leaf index, or refused with the rule's code. "
            + "Exit codes: 0 every row recorded, 1 some rows refused, 2 bad usage, malformed file or HTTP error.")
        {
            file, server, key, program, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (output, token) => ReconcileAsync(
                output,
                parseResult.GetRequiredValue(file),
                parseResult.GetRequiredValue(server),
                parseResult.GetRequiredValue(key),
                parseResult.GetRequiredValue(program),
                token),
            cancellationToken));
        return command;
    }

    private static async Task ReconcileAsync(CommandOutput output, string path, string serverText, string keyText, string program, CancellationToken cancellationToken)
    {
        Uri server = ServerAddress.Parse(serverText);
        LedgerIdentifier.Require("--program", program);
        string apiKey = ApiKeyArgument.Read(keyText);
        List<ReconciliationRow> rows = await ReconciliationFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        foreach (ReconciliationRow row in rows.Where(r => r.Status != "delivered"))
        {
            ReverseCommand.Validate($"'{path}' line {row.Line}: the status", new ReversalBody(row.Status, row.Amount, RequestId: null));
        }

        using var client = new AgencyApiClient(server, apiKey, RequestTimeout);
        var results = new List<string>(rows.Count);
        int refused = 0;
        foreach (ReconciliationRow row in rows)
        {
            (RecordedLedgerEntry? recorded, LedgerProblem? refusal) = row.Status == "delivered"
                ? await client.RecordAsync(AgencyApiClient.DeliveryPath(program, row.Id), new { }, $"confirm the delivery of {row.Id}", cancellationToken).ConfigureAwait(false)
                : await client.RecordAsync(
                    AgencyApiClient.ReversalPath(program, row.Id), new ReversalBody(row.Status, row.Amount, RequestId: null), $"reverse {row.Id}", cancellationToken).ConfigureAwait(false);
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"line {row.Line} {row.Id} {row.Status}: ");
            if (recorded is not null)
            {
                line.Append(CultureInfo.InvariantCulture, $"recorded, leaf {recorded.LeafIndex}");
            }
            else
            {
                refused++;
                line.Append(CultureInfo.InvariantCulture, $"refused, {refusal!.Code}: {refusal.Description}");
            }

            results.Add(line.ToString());
        }

        string summary = $"rows {rows.Count}, recorded {rows.Count - refused}, refused {refused}";
        output.Result(
            string.Join('\n', results) + "\n" + summary,
            new JsonReport()
                .Add("program", program)
                .Add("rows", (ulong)rows.Count)
                .Add("recorded", (ulong)(rows.Count - refused))
                .Add("refused", (ulong)refused)
                .Add("results", results));
        if (refused > 0)
        {
            throw new LedgerRefusedException($"{refused} of {rows.Count} rows were refused; each refused row's line says why", report: null);
        }
    }
}
