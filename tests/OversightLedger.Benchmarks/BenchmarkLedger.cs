using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Benchmarks;

/// <summary>
/// The ledger the grain-state benchmarks (<see cref="GrainStateSize"/>, <see cref="TailReplayCost"/>) open before they pay:
/// one budget, funded without limit, and one program listed on it, with B enrolled beneficiaries (<see cref="People"/>),
/// applied to the states a grain would hold, from leaf 0, a day before <see cref="Start"/>.
/// </summary>
internal static class BenchmarkLedger
{
    /// <summary>The budget's id.</summary>
    public const string BudgetId = "budget-1";

    /// <summary>The program's id.</summary>
    public const string ProgramId = "program-1";

    /// <summary>The budget's owner.</summary>
    public const string Owner = "donor-key-1";

    /// <summary>The program's agency.</summary>
    public const string Agency = "agency-9";

    /// <summary>When the payments start; the ledger is opened a day before.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="count"/> beneficiaries' pseudonyms (<c>AGY-0000000</c>, … under a zero key).</summary>
    public static BeneficiaryPseudonym[] People(int count)
    {
        byte[] secret = new byte[32];
        return [.. Enumerable.Range(0, count).Select(i => BeneficiaryPseudonym.Derive(secret, string.Create(CultureInfo.InvariantCulture, $"AGY-{i:0000000}")))];
    }

    /// <summary>
    /// Opens <paramref name="budget"/> and <paramref name="program"/> (its cap <paramref name="programCap"/> a month, in minor units
    /// of <paramref name="currency"/>), lists the program on the budget and enrols <paramref name="people"/>, applying each entry to
    /// its state and handing it, with its leaf, to <paramref name="toBudget"/> or <paramref name="toProgram"/>.
    /// </summary>
    /// <returns>The next leaf.</returns>
    public static ulong Open(
        ReliefBudget budget, BeneficiaryProgram program, Currency currency, long programCap, IEnumerable<BeneficiaryPseudonym> people,
        Action<LedgerEntry, ulong>? toBudget = null, Action<LedgerEntry, ulong>? toProgram = null)
    {
        ulong leaf = 0;
        DateTimeOffset now = Start.AddDays(-1);
        int id = 0;
        string Next() => string.Create(CultureInfo.InvariantCulture, $"req-{++id}");
        void ToBudget<TEntry>(Decision<TEntry> decision)
            where TEntry : LedgerEntry
        {
            LedgerEntry entry = decision.Entry ?? throw new InvalidOperationException(decision.ToString());
            budget.Apply(entry);
            toBudget?.Invoke(entry, leaf);
            leaf++;
        }

        void ToProgram<TEntry>(Decision<TEntry> decision)
            where TEntry : LedgerEntry
        {
            LedgerEntry entry = decision.Entry ?? throw new InvalidOperationException(decision.ToString());
            program.Apply(entry, leaf);
            toProgram?.Invoke(entry, leaf);
            leaf++;
        }

        Money plenty = new(currency, 1_000_000_000_000_00);
        ToBudget(budget.DecideOpen(Next(), now, "XM-DAC-41114", "72010", "SS", plenty, ["diversion"], Owner));
        ToBudget(budget.DecideReceiveFunds(Next(), now, plenty, "wire 1"));
        ToBudget(budget.DecideAddTranche(Next(), now, Owner, "t-1", plenty, true, []));
        ToBudget(budget.DecideReleaseTranche(Next(), now, Owner, "t-1", plenty));
        ToProgram(program.DecideOpen(Next(), now, Agency, new Money(currency, programCap), CapPeriod.Month));
        ToBudget(budget.DecideListProgram(Next(), now, Owner, ProgramId, new ListedProgram(ProgramId, Agency, currency)));
        foreach (BeneficiaryPseudonym person in people)
        {
            ToProgram(program.DecideEnroll(Next(), now, person));
        }

        return leaf;
    }
}
