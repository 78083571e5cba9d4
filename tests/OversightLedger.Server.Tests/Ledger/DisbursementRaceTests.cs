using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>DESIGN §5.2 under concurrency: released − (reserved + disbursed) never goes below zero, and the log says so.</summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class DisbursementRaceTests(LedgerClusterFixture fixture)
{
    private const int Calls = 1000;
    private const string Amount = "10.00";
    private const long AmountCents = 1000;
    private const long ReleasedCents = 600_000;

    [Fact]
    public async Task A_thousand_concurrent_disbursements_never_overdraw_the_budget_and_every_accepted_one_is_its_leaf()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        // Room for 600 of the 1,000 payments; 3 programs × 40 beneficiaries, at most 9 payments (90.00) each: caps never bind.
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "race")
            .WithTranche("t1", "6000.00")
            .WithPrograms(3)
            .WithBeneficiaries(40)
            .WithCap("500.00")
            .BuildAsync();
        IReadOnlyList<IGrainFactory> ways = fixture.GrainFactories;
        DisburseCommand[] commands = [.. Enumerable.Range(0, Calls).Select(i => scenario.Payment(i / 3 % 40, Amount))];

        LedgerResult[] results = await Task.WhenAll(commands.Select((command, i) => Task.Run(
            () => ways[i % ways.Count].GetGrain<IBeneficiaryProgramGrain>(scenario.ProgramIds[i % 3]).DisburseAsync(LedgerActors.Agency, command),
            cancellationToken)));

        // The budget: exactly as many accepted as fit, nothing held, nothing over-spent.
        string[] refusals = [.. results.Where(r => !r.Accepted).Select(r => r.RejectionCode!).Distinct()];
        Assert.All(refusals, code => Assert.Equal(RejectionCode.InsufficientReleasedFunds, code));
        int accepted = results.Count(r => r.Accepted);
        Assert.True(accepted * AmountCents <= ReleasedCents, $"{accepted} payments of {Amount} were accepted from 6000.00");
        Assert.Equal(ReleasedCents / AmountCents, accepted);

        BudgetView budget = (await scenario.Budget.GetAsync())!;
        Assert.Equal("6000.00", budget.Released);
        Assert.Equal(Cents(accepted * AmountCents), budget.Disbursed);
        Assert.Equal("0.00", budget.Reserved);
        Assert.Equal(Cents(ReleasedCents - (accepted * AmountCents)), budget.Available);
        Assert.False(budget.Available.StartsWith('-'));

        // The programs agree with the budget.
        ProgramView[] programs = [.. (await Task.WhenAll(scenario.ProgramIds.Select(id => fixture.Client.GetGrain<IBeneficiaryProgramGrain>(id).GetAsync())))
            .Select(view => view!)];
        Assert.Equal(accepted, programs.Sum(p => p.Disbursements));
        Assert.Equal(accepted * AmountCents, programs.Sum(p => ParseCents(p.Disbursed)));

        // The log: each accepted result is its leaf, distinct from the others; the log verifies against its checkpoint.
        LogTreeHead head = await fixture.AuditLog.GetTreeHeadAsync();
        SignedCheckpoint checkpoint = await fixture.LogFiles.VerifyAsync(cancellationToken);
        Assert.Equal(head.TreeSize, checkpoint.Checkpoint.Size);
        Assert.Equal(head.RootBase64, checkpoint.Checkpoint.Root.ToBase64());
        Assert.Equal(head.Checkpoint, checkpoint.Format());

        LedgerResult[] acceptedResults = [.. results.Where(r => r.Accepted)];
        Assert.Equal(accepted, acceptedResults.Select(r => r.LeafIndex).Distinct().Count());
        byte[][] entries = await fixture.LogFiles.ReadAllAsync(head.TreeSize, cancellationToken);
        foreach (LedgerResult result in acceptedResults)
        {
            Assert.Equal(result.Entry, entries[result.LeafIndex!.Value]);
            var disbursed = Assert.IsType<Disbursed>(LedgerEntryParser.Parse(result.Entry));
            Assert.Equal(result.EntryId, disbursed.Id);
        }

        // …and holds no Disbursed entry of this budget besides the accepted ones: nothing refused was logged.
        HashSet<string> loggedIds = [.. entries
            .Select(entry => LedgerEntryParser.TryParse(entry, out LedgerEntry? parsed, out _) ? parsed : null)
            .OfType<Disbursed>()
            .Where(d => d.Budget == scenario.BudgetId)
            .Select(d => d.Id)];
        Assert.Equal(acceptedResults.Select(r => r.EntryId!).ToHashSet(), loggedIds);
        Assert.Equal(accepted * AmountCents, entries
            .Select(entry => LedgerEntryParser.TryParse(entry, out LedgerEntry? parsed, out _) ? parsed : null)
            .OfType<Disbursed>()
            .Where(d => d.Budget == scenario.BudgetId)
            .Sum(d => d.Amount.MinorUnits));
    }

    private static string Cents(long cents) => $"{cents / 100}.{cents % 100:D2}";

    private static long ParseCents(string amount) => long.Parse(amount.Replace(".", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
