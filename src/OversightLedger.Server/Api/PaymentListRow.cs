using OversightLedger.Grains.Programs;

namespace OversightLedger.Server.Api;

/// <summary>
/// One row of a payment list as read: its 0-based <see cref="Index"/>, the row as sent, and its command, or which field is
/// wrong and why (<see cref="AmountRefused"/>: the amount is no decimal string, the reason to be worded in the program's currency).
/// </summary>
internal readonly record struct PaymentListRow(int Index, DisbursementRequestBody Body, DisburseCommand? Command, string? Field, string? Error, bool AmountRefused);
