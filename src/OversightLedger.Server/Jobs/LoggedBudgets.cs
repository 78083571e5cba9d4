using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Server.Jobs;

/// <summary>The budgets the log holds, for the daily passes that visit every budget (sunsets, reviews).</summary>
internal static class LoggedBudgets
{
    /// <summary>The id of every budget opened in the log, in log order (from the indexed kind <c>BudgetOpened</c>).</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(LedgerLog log)
    {
        var budgets = new List<string>();
        foreach ((ulong _, byte[] entry) in await log.ReadSubjectAsync(LogSubjects.OfKind(BudgetOpened.KindName)))
        {
            if (LedgerEntryParser.TryParse(entry, out LedgerEntry? parsed, out _) && parsed is BudgetOpened opened)
            {
                budgets.Add(opened.Budget);
            }
        }

        return budgets;
    }
}
