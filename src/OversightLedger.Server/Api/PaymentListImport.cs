using System.Text.Json;
using Microsoft.Extensions.Options;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Beneficiaries;

namespace OversightLedger.Server.Api;

/// <summary>
/// Pays a payment list in bounded memory. The body goes to a spool file; a first read checks the whole list and keeps only
/// what deciding needs (the row count, the first malformed row, the budgets named), so a list refused whole (400, or sent to
/// vetting) pays nothing, as before. A second read pays it in chunks of <see cref="RowsPerChunk"/> rows, at most
/// <see cref="ChunksInFlight"/> chunks at a time, and writes each chunk's results, in row order, to a second spool; the
/// report is then streamed from there. Memory in flight is a few chunks, whatever the list's length.
/// </summary>
/// <remarks>
/// Every row is idempotent by its id (the program grain answers an id it has logged with its receipt), so a list cut off
/// between chunks, by a crash or a dropped connection, is completed by sending it again: rows paid before are answered
/// with their receipts, and only the rest is paid.
/// </remarks>
internal static class PaymentListImport
{
    /// <summary>Rows per grain call.</summary>
    public const int RowsPerChunk = 2_000;

    /// <summary>Grain calls of one list in flight at once.</summary>
    public const int ChunksInFlight = 4;

    public static async Task<IResult> ImportAsync(
        string program, string? listId, Actor actor, IBeneficiaryProgramGrain grain, Currency currency, IGrainFactory grains, PseudonymKey pseudonyms,
        HttpRequest http, CancellationToken cancellationToken)
    {
        string? contentType = http.ContentType;
        if (!PaymentListReader.IsSupported(contentType))
        {
            return Problems.Validation("body", PaymentListReader.UnsupportedFormat);
        }

        await using PaymentListSpool spool = await PaymentListSpool.ReceiveAsync(http.Body, cancellationToken);

        // 1. The whole list, read once and paying nothing: its shape, its first malformed row, the budgets it names.
        var budgets = new List<string>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        int firstMalformed = -1;
        (_, string? error) = await PaymentListReader.ReadAsync(
            spool.Rewind(),
            contentType,
            (index, row) =>
            {
                if (ProgramsApi.Check(row, out _, out _).Field is not null)
                {
                    firstMalformed = firstMalformed < 0 ? index : firstMalformed;
                }
                else if (named.Add(row.Budget))
                {
                    budgets.Add(row.Budget);
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken);
        if (error is not null)
        {
            return Problems.Validation("body", error);
        }

        var rows = new PaymentListRows(spool, contentType, pseudonyms);
        if (await VettingApi.SubmitIfVettedAsync(program, listId, actor, grains, budgets, firstMalformed, rows, spool.Sha256, cancellationToken) is { } vetted)
        {
            return vetted;
        }

        // 2. Paid chunk by chunk; the results wait in a spool of their own for the report.
        JsonSerializerOptions json = http.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        FileStream results = PaymentListSpool.CreateTemporaryFile("oversight-payment-list-results");
        http.HttpContext.Response.RegisterForDisposeAsync(results);
        var payment = new Payment(grain, actor, currency, new PaymentListResultWriter(results, json));
        int count = await rows.ReadAsync(payment.AddAsync, cancellationToken);
        await payment.FinishAsync();
        return new PaymentListReportResult(program, count, payment.Writer, json);
    }

    /// <summary>The chunks of one list: filled in row order, sent to the grain, and written out oldest first.</summary>
    private sealed class Payment(IBeneficiaryProgramGrain grain, Actor actor, Currency currency, PaymentListResultWriter writer)
    {
        private readonly Queue<Chunk> _inFlight = new();
        private Chunk _filling = new();

        public PaymentListResultWriter Writer => writer;

        public async ValueTask AddAsync(PaymentListRow row)
        {
            _filling.Rows.Add(row.Command is null
                ? (row.Index, row.Body.Id ?? string.Empty, null, new RowResult(
                    row.Index + 1, row.Body.Id ?? string.Empty, "rejected", null, RejectionCode.InvalidRequest,
                    row.AmountRefused ? DecimalAmount.Refusal(row.Body.Amount, currency, row.Error!) : $"{row.Field}: {row.Error}"))
                : (row.Index, row.Command.DisbursementId, row.Command, null));
            if (_filling.Rows.Count == RowsPerChunk)
            {
                await SendAsync();
            }
        }

        public async Task FinishAsync()
        {
            if (_filling.Rows.Count > 0)
            {
                await SendAsync();
            }

            while (_inFlight.Count > 0)
            {
                await WriteOldestAsync();
            }

            await writer.CompleteAsync();
        }

        private async Task SendAsync()
        {
            DisburseCommand[] commands = [.. _filling.Rows.Where(r => r.Command is not null).Select(r => r.Command!)];
            _filling.Outcomes = commands.Length > 0 ? grain.DisburseManyAsync(actor, commands) : Task.FromResult<LedgerResult[]>([]);
            _inFlight.Enqueue(_filling);
            _filling = new Chunk();
            while (_inFlight.Count >= ChunksInFlight)
            {
                await WriteOldestAsync();
            }
        }

        private async Task WriteOldestAsync()
        {
            Chunk chunk = _inFlight.Dequeue();
            LedgerResult[] outcomes = await chunk.Outcomes!;
            int next = 0;
            foreach ((int index, string id, DisburseCommand? command, RowResult? refused) in chunk.Rows)
            {
                writer.Write(command is null ? refused! : LedgerResponses.Row(index + 1, id, outcomes[next++]));
            }

            await writer.FlushAsync();
        }
    }

    /// <summary>Up to <see cref="RowsPerChunk"/> rows: each a command to send, or its result already (a malformed row).</summary>
    private sealed class Chunk
    {
        public List<(int Index, string Id, DisburseCommand? Command, RowResult? Refused)> Rows { get; } = new(RowsPerChunk);

        public Task<LedgerResult[]>? Outcomes { get; set; }
    }
}
