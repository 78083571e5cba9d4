using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Load;

/// <summary>
/// <c>retained-memory [--disbursements N] [--beneficiaries B]</c>: no server, no timing, a deterministic measurement of
/// the memory the ledger's grains keep per committed disbursement. It commits N disbursements (default 200,000; unique ids shaped
/// like the load harness's, 1.00 USD each, to beneficiaries round-robin) the way the grains do: the budget reserves, the
/// program decides and applies the entry, the budget applies it parsed from its bytes, the sequencer indexes it. It then
/// prints <c>GC.GetTotalMemory(true)</c> growth per disbursement for each of the three states the grains keep
/// (<see cref="ReliefBudget"/>, <see cref="BeneficiaryProgram"/>, the
/// sequencer's <see cref="LogEntryIndex"/>), each measured on its own, and for the three together.
/// </summary>
internal static class RetainedMemoryScenario
{
    private const string BudgetId = "load-budget-1a2b3c4d";
    private const string ProgramId = "load-program-1a2b3c4d-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Currency Usd = Currency.Parse("USD");

    public static int Run(int count, int beneficiaries)
    {
        BeneficiaryPseudonym[] pseudonyms = [.. Enumerable.Range(1, beneficiaries).Select(i => BeneficiaryPseudonym.Derive(new byte[32], $"load-household-{i:D6}"))];
        Console.WriteLine($"retained memory per committed disbursement: {count:N0} disbursements, {beneficiaries:N0} beneficiaries, {Environment.Version}");
        Console.WriteLine("| state | bytes per disbursement |");
        Console.WriteLine("| --- | ---: |");
        Report("budget (ReliefBudget, facts)", count, Measure(count, pseudonyms, budget: true, program: false, index: false));
        Report("program (BeneficiaryProgram, facts)", count, Measure(count, pseudonyms, budget: false, program: true, index: false));
        Report("sequencer (LogEntryIndex)", count, Measure(count, pseudonyms, budget: false, program: false, index: true));
        Report("all three", count, Measure(count, pseudonyms, budget: true, program: true, index: true));
        return 0;
    }

    private static void Report(string state, int count, long bytes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {state} | {(double)bytes / count:0.0} |"));

    /// <summary>The growth of the heap after <paramref name="count"/> disbursements, the set-up excluded.</summary>
    private static long Measure(int count, BeneficiaryPseudonym[] pseudonyms, bool budget, bool program, bool index)
    {
        ReliefBudget budgetState = OpenBudget();
        BeneficiaryProgram programState = OpenProgram(pseudonyms);
        var sequencer = new LogEntryIndex();
        ulong leaf = 100;
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < count; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"g-1a2b3c4d-{i % 16}-{i / 16}");
            // Fresh strings, as a grain gets them from each deserialised command.
            var request = new DisbursementRequest(
                id, Copy(ProgramId), Copy("agency"), Copy(BudgetId), null, BeneficiaryPseudonym.Parse(Copy(pseudonyms[i % pseudonyms.Length].Value)),
                new Money(Usd, 100), Copy("72010"), Copy("cash"), Copy("2026-11"));
            string tranche = "t1";
            if (budget)
            {
                tranche = budgetState.TryReserve(request, Now).Tranche!;
            }

            Decision<Disbursed> decision = programState.DecideDisbursement(request, tranche, Now);
            byte[] bytes = decision.Entry!.ToCanonicalJson();
            if (program)
            {
                programState.Apply(decision.Entry, leaf);
            }
            else
            {
                programState.Release(id);
            }

            if (budget)
            {
                budgetState.Apply(LedgerEntryParser.Parse(bytes));
            }

            if (index)
            {
                sequencer.Add(EntryEnvelope.Read(bytes), leaf);
            }

            leaf++;
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(budgetState);
        GC.KeepAlive(programState);
        GC.KeepAlive(sequencer);
        return after - before;
    }

    private static string Copy(string text) => new(text.AsSpan());

    private static ReliefBudget OpenBudget()
    {
        var budget = new ReliefBudget(BudgetId);
        Money funds = Money.Parse("1000000000000.00", Usd);
        budget.Apply(budget.DecideOpen("b-open", Now, "Load Donor", "72010", "SO", funds, [], "donor").Entry!);
        budget.Apply(budget.DecideReceiveFunds("b-funds", Now, funds, "load-wire").Entry!);
        budget.Apply(budget.DecideAddTranche("b-tranche", Now, "donor", "t1", funds, false, []).Entry!);
        budget.Apply(budget.DecideReleaseTranche("b-release", Now, "donor", "t1", funds).Entry!);
        budget.Apply(budget.DecideListProgram("b-list", Now, "donor", ProgramId, new ListedProgram(ProgramId, "agency", Usd)).Entry!);
        return budget;
    }

    private static BeneficiaryProgram OpenProgram(BeneficiaryPseudonym[] pseudonyms)
    {
        var program = new BeneficiaryProgram(ProgramId);
        program.Apply(program.DecideOpen("p-open", Now, "agency", Money.Parse("1000000.00", Usd), CapPeriod.Month).Entry!, 0);
        for (int i = 0; i < pseudonyms.Length; i++)
        {
            program.Apply(program.DecideEnroll($"p-enrol-{i}", Now, pseudonyms[i]).Entry!, (ulong)(i + 1));
        }

        return program;
    }
}
