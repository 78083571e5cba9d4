using System.CommandLine;
using System.Text.Json;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Output;

namespace OversightLedger.Cli.Commands;

/// <summary>
/// <c>oversight reverse</c>: record that one of the agency's disbursements failed, was returned or was recovered
/// (POST /api/programs/{P}/disbursements/{ID}/reversal); the money goes back to the budget's tranche and the
/// beneficiary's cap. Exit 0 recorded (or already recorded under the same request id), 1 refused by a ledger rule,
/// 2 bad usage, an unreachable server, a rejected key (401/403) or another HTTP failure.
/// </summary>
internal static class ReverseCommand
{
    /// <summary>The reason codes, by name only (as the server takes them).</summary>
    public static readonly string[] Reasons = ["failed", "returned", "recovered"];

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public static Command Create()
    {
        Option<string> server = AgencyOptions.Server();
        Option<string> key = AgencyOptions.ApiKey();
        Option<string> program = AgencyOptions.Program();
        var id = new Option<string>("--id") { Description = "The agency's id of the disbursement to reverse.", HelpName = "ID", Required = true };
        var amount = new Option<string?>("--amount")
        {
            Description = "How much came back, in the program's currency (e.g. 12.50); at most what is left of the payment. Default: all that is left.",
            HelpName = "AMOUNT",
        };
        var reason = new Option<string>("--reason") { Description = "failed, returned or recovered.", HelpName = "REASON", Required = true };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "An id for this reversal: running the command again with it records nothing twice. Without it, a disbursement is reversed "
                + "once per reason; give one for each further partial reversal with the same reason.",
            HelpName = "RID",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write the result as one JSON object on stdout: {\"accepted\":true,\"id\",\"entryId\",\"leafIndex\",\"entry\"}, "
                + "{\"accepted\":false,\"id\",\"status\",\"code\",\"detail\"} when refused (exit 1), or {\"error\":…} (exit 2).",
        };
        var command = new Command(
            "reverse",
            "Record that a disbursement failed, was returned or was recovered, in full or in part: the money goes back to the budget's tranche and the "
            + "beneficiary's cap for the payment's period. Exit codes: 0 recorded, 1 refused by a ledger rule (refused: <code>: <detail>), "
            + "2 bad usage, unreachable server, rejected key or HTTP error.")
        {
            server, key, program, id, amount, reason, requestId, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            json,
            reportsVerification: false,
            (output, token) => ReverseAsync(
                output,
                parseResult.GetRequiredValue(server),
                parseResult.GetRequiredValue(key),
                parseResult.GetRequiredValue(program),
                parseResult.GetRequiredValue(id),
                new ReversalBody(parseResult.GetRequiredValue(reason), parseResult.GetValue(amount), parseResult.GetValue(requestId)),
                token),
            cancellationToken));
        return command;
    }

    /// <summary>Refuses a reason that is not one of <see cref="Reasons"/> and an amount that is not a positive decimal (exit 2).</summary>
    public static void Validate(string where, ReversalBody body)
    {
        if (!Reasons.Contains(body.Reason, StringComparer.Ordinal))
        {
            throw CommandFailedException.BadInput($"{where} '{body.Reason}' is not a reason: use failed, returned or recovered.");
        }

        if (body.Amount is not null && (!DisburseCommand.AmountPattern().IsMatch(body.Amount) || !body.Amount.Any(c => c is >= '1' and <= '9')))
        {
            throw CommandFailedException.BadInput($"the amount '{body.Amount}' is not a positive decimal amount such as 12.50.");
        }
    }

    private static async Task ReverseAsync(CommandOutput output, string serverText, string keyText, string program, string id, ReversalBody body, CancellationToken cancellationToken)
    {
        Uri server = ServerAddress.Parse(serverText);
        LedgerIdentifier.Require("--program", program);
        LedgerIdentifier.Require("--id", id);
        if (body.RequestId is not null)
        {
            LedgerIdentifier.Require("--request-id", body.RequestId);
        }

        Validate("--reason", body);
        string apiKey = ApiKeyArgument.Read(keyText);

        using var client = new AgencyApiClient(server, apiKey, RequestTimeout);
        (RecordedLedgerEntry? recorded, LedgerProblem? refusal) = await client
            .RecordAsync(AgencyApiClient.ReversalPath(program, id), body, "record the reversal", cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            throw new LedgerRefusedException(
                $"{refusal.Code}: {refusal.Description}",
                new JsonReport().Add("accepted", false).Add("id", id).Add("status", (ulong)refusal.Status).Add("code", refusal.Code!).Add("detail", refusal.Description));
        }

        output.Result(
            $"recorded reversal of {id} ({Field(recorded!.Entry, "amount")} {Field(recorded.Entry, "currency")}, {Field(recorded.Entry, "reason")})\nleaf index {recorded.LeafIndex}",
            new JsonReport().Add("accepted", true).Add("id", id).Add("entryId", recorded.EntryId).Add("leafIndex", recorded.LeafIndex).Add("entry", recorded.Entry));
    }

    private static string Field(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "?";
}
