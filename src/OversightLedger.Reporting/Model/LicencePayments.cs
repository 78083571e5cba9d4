using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Model;

/// <summary>The disbursements paid under one licence in the quarter, in one currency: how many and how much.</summary>
/// <param name="Payments">The number of disbursements.</param>
/// <param name="Amount">Their total.</param>
public sealed record LicencePayments(long Payments, Money Amount);
