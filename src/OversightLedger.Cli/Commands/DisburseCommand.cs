using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Output;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight disburse</c>: record one disbursement under a program (POST /api/programs/{P}/disbursements).
/// Exit 0 recorded (or already recorded under the same id), 1 refused by a ledger rule, 2 bad usage, an unreachable
/// server, a rejected key (401/403) or another HTTP failure.
/// </summary>
internal static partial class DisburseCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public static Command Create()
    {
        Option<string> server = AgencyOptions.Server();
        Option<string> key = AgencyOptions.ApiKey();
        Option<string> program = AgencyOptions.Program();
        var id = new Option<string>("--id")
        {
            Description = "The disbursement's id, chosen by the agency and unique in the ledger. Running the command again with the same id "
                + "and the same payment moves no money twice and prints the same leaf index.",
            HelpName = "ID",
            Required = true,
        };
        var budget = new Option<string>("--budget") { Description = "The budget to draw on; it must list the program as eligible.", HelpName = "B", Required = true };
        var beneficiary = new Option<string>("--beneficiary")
        {
            Description = "The agency's reference for the enrolled beneficiary; only its keyed pseudonym reaches the ledger.",
            HelpName = "REF",
            Required = true,
        };
        var amount = new Option<string>("--amount")
        {
            Description = "The amount in the program's currency, as a decimal string in its minor-unit precision, e.g. 12.50.",
            HelpName = "AMOUNT",
            Required = true,
        };
        var tranche = new Option<string?>("--tranche") { Description = "The tranche to draw on (default: the budget picks a released one).", HelpName = "T" };
        var sector = new Option<string?>("--sector") { Description = "The DAC sector (default: the budget's purpose).", HelpName = "S" };
        var modality = new Option<string?>("--modality") { Description = "How the payment is made (default: cash).", HelpName = "M" };
        var period = new Option<string?>("--period")
        {
            Description = "The payment period the program's cap applies to: YYYY-MM for monthly programs, YYYY-Qn for quarterly ones (default: the current one).",
            HelpName = "YYYY-MM",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write the result as one JSON object on stdout: {\"accepted\":true,\"id\",\"leafIndex\",\"receipt\",\"tlogProof\",\"entry\"}, "
                + "{\"accepted\":false,\"id\",\"status\",\"code\",\"detail\"} when refused (exit 1), or {\"error\":…} (exit 2).",
        };
        var command = new Command(
            "disburse",
            "Record one disbursement to an enrolled beneficiary under a program; prints its leaf index in the public log and its receipt URL. "
            + "Exit codes: 0 recorded, 1 refused by a ledger rule (refused: <code>: <detail>), 2 bad usage, unreachable server, rejected key or HTTP error.")
        {
            server, key, program, id, budget, beneficiary, amount, tranche, sector, modality, period, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (output, token) => DisburseAsync(
                output,
                parseResult.GetRequiredValue(server),
                parseResult.GetRequiredValue(key),
                parseResult.GetRequiredValue(program),
                new DisbursementBody(
                    parseResult.GetRequiredValue(id),
                    parseResult.GetRequiredValue(budget),
                    parseResult.GetRequiredValue(beneficiary),
                    parseResult.GetRequiredValue(amount),
                    parseResult.GetValue(tranche),
                    parseResult.GetValue(sector),
                    parseResult.GetValue(modality),
                    parseResult.GetValue(period)),
                token),
            cancellationToken));
        return command;
    }

    private static async Task DisburseAsync(CommandOutput output, string serverText, string keyText, string program, DisbursementBody body, CancellationToken cancellationToken)
    {
        Uri server = ServerAddress.Parse(serverText);
        LedgerIdentifier.Require("--program", program);
        Validate(body);
        string apiKey = ApiKeyArgument.Read(keyText);

        using var client = new AgencyApiClient(server, apiKey, RequestTimeout);
        (RecordedDisbursement? recorded, LedgerProblem? refusal) = await client.DisburseAsync(program, body, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            throw new LedgerRefusedException(
                $"{refusal.Code}: {refusal.Description}",
                new JsonReport()
                    .Add("accepted", false)
                    .Add("id", body.Id)
                    .Add("status", (ulong)refusal.Status)
                    .Add("code", refusal.Code!)
                    .Add("detail", refusal.Description));
        }

        Uri receipt = client.Url(AgencyApiClient.ReceiptPath(program, recorded!.DisbursementId));
        output.Result(
            $"recorded disbursement {recorded.DisbursementId}{Summary(recorded.Entry)}\nleaf index {recorded.LeafIndex}\nreceipt {receipt.AbsoluteUri}",
            new JsonReport()
                .Add("accepted", true)
                .Add("id", recorded.DisbursementId)
                .Add("entryId", recorded.EntryId)
                .Add("leafIndex", recorded.LeafIndex)
                .Add("receipt", receipt.AbsoluteUri)
                .Add("tlogProof", receipt.AbsoluteUri + "/receipt.tlog-proof")
                .Add("entry", recorded.Entry));
    }

    private static void Validate(DisbursementBody body)
    {
        LedgerIdentifier.Require("--id", body.Id);
        LedgerIdentifier.Require("--budget", body.Budget);
        if (body.Tranche is not null)
        {
            LedgerIdentifier.Require("--tranche", body.Tranche);
        }

        if (string.IsNullOrWhiteSpace(body.Beneficiary))
        {
            throw CommandFailedException.BadInput("--beneficiary is empty.");
        }

        if (!AmountPattern().IsMatch(body.Amount) || !body.Amount.Any(c => c is >= '1' and <= '9'))
        {
            throw CommandFailedException.BadInput($"--amount '{body.Amount}' is not a positive decimal amount such as 12.50.");
        }

        if (body.Period is not null && !PeriodPattern().IsMatch(body.Period))
        {
            throw CommandFailedException.BadInput($"--period '{body.Period}' is neither a month (YYYY-MM) nor a quarter (YYYY-Qn).");
        }

        foreach ((string option, string? value) in new[] { ("--sector", body.Sector), ("--modality", body.Modality) })
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                throw CommandFailedException.BadInput($"{option} is empty; leave it out for the default.");
            }
        }
    }

    /// <summary>" (60.00 USD from b1/t1 for 2026-11)", from the recorded entry when it has those fields.</summary>
    private static string Summary(JsonElement entry)
    {
        string? Field(string name) =>
            entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        return Field("amount") is { } amount && Field("currency") is { } currency && Field("budget") is { } budget
            ? $" ({amount} {currency} from {budget}{(Field("tranche") is { } t ? "/" + t : string.Empty)}{(Field("period") is { } p ? " for " + p : string.Empty)})"
            : string.Empty;
    }

    /// <summary>A positive decimal amount as the agency commands take it (digits, at most 8 decimals); zero is checked apart.</summary>
    [GeneratedRegex("^[0-9]{1,18}(\\.[0-9]{1,8})?$", RegexOptions.CultureInvariant)]
    internal static partial Regex AmountPattern();

    [GeneratedRegex("^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodPattern();
}
