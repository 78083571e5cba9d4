using OversightLedger.Grains.Vetting;

namespace OversightLedger.Server.Api;

/// <summary>The owner's vetting term: lists above <c>threshold</c> ("0" or "0.00": every list) are vetted; a list waits at most <c>maxWaitDays</c> (default 7).</summary>
internal sealed record RequireVettingRequest(string Threshold, int? MaxWaitDays = null, string? RequestId = null) : IIdempotentRequest;

/// <summary>Registers a vetting body (a watchdog key's principal) of the budget's payment lists.</summary>
internal sealed record RegisterVetterRequest(string Vetter, string? RequestId = null) : IIdempotentRequest;

/// <summary>One refused row: the agency's row id and a reason code (by name).</summary>
internal sealed record RowRefusalRequest(string Row, string Reason);

/// <summary>A vetting body's decision: the rows refused with reasons, and the rows approved (omitted: every row not refused).</summary>
internal sealed record VetPaymentListRequest(string[]? Approved = null, RowRefusalRequest[]? Refused = null);

/// <summary>The 202 of a list submitted for vetting: where to follow it.</summary>
internal sealed record PaymentListAccepted(
    string Program, string List, string Budget, string Status, string Sha256, int Rows, string StatusUrl, RecordedEntry Recorded);

/// <summary>The rows of a list as its agency and the budget's vetting bodies see them (never public).</summary>
internal sealed record PaymentListRowsResponse(string Program, string List, PaymentListRowBody[] Rows);

/// <summary>One row as sent, with the agency's beneficiary reference.</summary>
internal sealed record PaymentListRowBody(
    string Id, string Budget, string Beneficiary, string Amount, string? Tranche, string? Sector, string? Modality, string? Period, string? Counterparty)
{
    public static PaymentListRowBody From(VettingRow row) => new(
        row.Command.DisbursementId, row.Command.Budget, row.Reference, row.Command.Amount.ToString(), row.Command.Tranche, row.Command.Sector, row.Command.Modality,
        row.Command.Period, row.Command.Counterparty);
}
