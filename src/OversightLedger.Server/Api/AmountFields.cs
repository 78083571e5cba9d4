using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Programs;

namespace OversightLedger.Server.Api;

/// <summary>
/// The answer to an amount field that is no decimal string. Amounts are read once, here at the edge, into a
/// <see cref="DecimalAmount"/> that crosses the grain call typed; the grain makes it money in its currency (where the
/// currency's decimals and the 64-bit range are checked). A text refused here gets the 400 <c>invalid-request</c> and the
/// message the grain gave before amounts were read at the edge, which names the currency: it is looked up only then.
/// </summary>
internal static class AmountFields
{
    /// <summary>Refused in <paramref name="currency"/>; null <paramref name="text"/>: the field is required.</summary>
    public static IResult Refused(string field, string? text, string reason, Currency currency) =>
        Invalid(text is null ? Required(field) : DecimalAmount.Refusal(text, currency, reason));

    /// <summary>Refused in the currency a request names (opening a budget or a program); that currency's own refusal when it is none.</summary>
    public static IResult Refused(string field, string? text, string reason, string? currencyCode)
    {
        Currency currency;
        try
        {
            currency = Currency.Parse(currencyCode!);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return Invalid(e.Message);
        }

        return Refused(field, text, reason, currency);
    }

    /// <summary>Refused in the budget's currency; 404 when there is no budget <paramref name="id"/> (as the grain answers).</summary>
    public static async Task<IResult> RefusedInBudgetAsync(IReliefBudgetGrain budget, string id, string field, string? text, string reason) =>
        Identifiers.IsValid(id) && await budget.GetAsync() is { } view
            ? Refused(field, text, reason, view.Currency)
            : Problems.NotFound("budget", id);

    /// <summary>Refused in the program's currency; 404 when there is no program <paramref name="id"/> (as the grain answers).</summary>
    public static async Task<IResult> RefusedInProgramAsync(IBeneficiaryProgramGrain program, string id, string field, string? text, string reason) =>
        await program.GetAsync() is { } view
            ? Refused(field, text, reason, view.Currency)
            : Problems.NotFound("program", id);

    private static string Required(string field) => $"'{field}' is required: a decimal string, e.g. \"25.00\".";

    private static IResult Invalid(string message) => Problems.Rule(RejectionCode.InvalidRequest, message, StatusCodes.Status400BadRequest);
}
