using System.Text.Json;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Grains.Vetting;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// Amounts cross grain calls as <see cref="DecimalAmount"/> (issue 12), read once at the edge; the grain makes them money
/// in its currency. Every grain method that takes one is called through the cluster client (so the amount crosses the
/// wire through its surrogate) with an amount its currency refuses — more decimals than the currency has, or more than
/// 64 bits of minor units — and refuses it with the message <see cref="Money.Parse"/> gives, writing nothing.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class AmountGrainTests(LedgerClusterFixture fixture)
{
    /// <summary>Three decimals: a valid decimal text that EUR (two decimals) refuses.</summary>
    private const string ThreeDecimals = "1.001";

    /// <summary>Fits 64 bits as written, not once made cents.</summary>
    private const string PastCents = "922337203685477580.7";

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    public static TheoryData<string> Refused => [ThreeDecimals, PastCents, "9223372036854775807"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Every_budget_command_refuses_an_amount_its_currency_does_not_take_with_the_message_of_Money_Parse(string text)
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "amount-budget").BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        IBudgetVettingGrain vetting = fixture.Client.GetGrain<IBudgetVettingGrain>(scenario.BudgetId);
        DecimalAmount amount = Amounts.Of(text);
        string message = MessageOfMoneyParse(text, scenario.Currency);
        string before = await StateAsync(scenario);

        RefusedWith(message, await budget.ReceiveFundsAsync(LedgerActors.Donor, new ReceiveFundsCommand(scenario.NewId("funds"), amount, "wire-amount")));
        RefusedWith(message, await budget.AddTrancheAsync(LedgerActors.Donor, new AddTrancheCommand(scenario.NewId("tranche"), "t-amount", amount, false, ["bm"])));
        RefusedWith(message, await budget.AddTrancheAsync(LedgerActors.Donor, new AddTrancheCommand(
            scenario.NewId("tranche"), "t-defined", amount, false, [], [new BenchmarkDefinition("bm", "share", "percent", "10", "80", TargetDirections.AtLeast, Today.AddDays(60), 1, 1)])));
        RefusedWith(message, await budget.ReleaseTrancheAsync(LedgerActors.Donor, new ReleaseTrancheCommand(scenario.NewId("release"), "t1", amount)));
        RefusedWith(message, await budget.GrantExemptionAsync(LedgerActors.Donor, new GrantExemptionCommand(
            scenario.NewId("exemption"), "e-amount", [LedgerScenario.Purpose], ["cash"], amount, DateTimeOffset.UtcNow.AddDays(30))));
        RefusedWith(message, await vetting.RequireVettingAsync(LedgerActors.Donor, new RequireVettingCommand(scenario.NewId("vetting"), amount, 7)));
        RefusedWith(message, await vetting.SubmitPaymentListAsync(new PaymentListSubmission(scenario.ProgramIds[0], LedgerActors.Agency.Principal, "list-amount", LedgerScenario.Evidence, 1, amount)));

        DisbursementDraft draft = Draft(scenario, amount);
        ReservationOutcome[] reservations = [await budget.ReserveAsync(draft, DateTimeOffset.UtcNow), .. await budget.ReserveManyAsync([draft with { DisbursementId = scenario.NewId("d") }], DateTimeOffset.UtcNow)];
        Assert.All(reservations, outcome => Assert.Equal((false, RejectionCode.InvalidRequest, message), (outcome.IsReserved, outcome.RejectionCode, outcome.Message)));

        Assert.Equal(before, await StateAsync(scenario));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Every_program_command_refuses_an_amount_its_currency_does_not_take_with_the_message_of_Money_Parse(string text)
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "amount-program").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "10.00");
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, paid));
        DecimalAmount amount = Amounts.Of(text);
        string message = MessageOfMoneyParse(text, scenario.Currency);
        string before = await StateAsync(scenario);

        RefusedWith(message, await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "5.00") with { Amount = amount }));
        LedgerResult[] rows = await program.DisburseManyAsync(LedgerActors.Agency, [scenario.Payment(1, "5.00") with { Amount = amount }, scenario.Payment(2, "5.00") with { Amount = amount }]);
        Assert.All(rows, row => RefusedWith(message, row));
        RefusedWith(message, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, amount, "returned")));
        IBeneficiaryProgramGrain unopened = fixture.Client.GetGrain<IBeneficiaryProgramGrain>($"p-{scenario.Key}-unopened");
        RefusedWith(message, await unopened.OpenAsync(LedgerActors.Agency, new OpenProgramCommand(scenario.NewId("open"), scenario.Currency, amount, "month")));

        Assert.Null(await unopened.GetAsync());
        Assert.Equal(before, await StateAsync(scenario));
    }

    [Fact]
    public async Task Opening_a_budget_refuses_a_pledge_its_currency_does_not_take_with_the_message_of_Money_Parse()
    {
        IReliefBudgetGrain budget = fixture.Client.GetGrain<IReliefBudgetGrain>($"b-amount-{Guid.NewGuid():N}");

        LedgerResult refused = await budget.OpenAsync(LedgerActors.Donor, new OpenBudgetCommand("amount:budget-opened", "donor-org-1", LedgerScenario.Purpose, "SD", "JPY", Amounts.Of("10.5"), []));

        RefusedWith(MessageOfMoneyParse("10.5", "JPY"), refused);
        Assert.Null(await budget.GetAsync());
    }

    [Fact]
    public async Task A_payment_list_for_vetting_refuses_a_row_its_currency_does_not_take_and_keeps_nothing()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "amount-list").BuildAsync();
        IBudgetVettingGrain vetting = fixture.Client.GetGrain<IBudgetVettingGrain>(scenario.BudgetId);
        LedgerAssert.Accepted(await vetting.RequireVettingAsync(LedgerActors.Donor, new RequireVettingCommand(EntryIds.VettingRequired(scenario.BudgetId), Amounts.Of("0"), 7)));
        IPaymentListGrain list = fixture.Client.GetGrain<IPaymentListGrain>(PaymentListKeys.Of(scenario.ProgramIds[0], "list-amount"));
        VettingRow[] rows = [new(scenario.Payment(0, "10.00"), "REF-1"), new(scenario.Payment(1, ThreeDecimals), "REF-2")];

        RefusedWith(MessageOfMoneyParse(ThreeDecimals, scenario.Currency), await list.SubmitAsync(LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, LedgerScenario.Evidence, rows)));

        Assert.Null(await list.GetAsync());
        Assert.Null(await vetting.GetPaymentListAsync(scenario.ProgramIds[0], "list-amount"));
    }

    [Fact]
    public async Task An_amount_with_fewer_decimals_than_its_currency_is_the_same_money_on_both_sides_of_a_call()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "amount-short").WithTranche("t1", "100").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "12.5");

        Disbursed disbursed = Assert.IsType<Disbursed>(LedgerEntryParser.Parse((await program.DisburseAsync(LedgerActors.Agency, paid)).Entry!));
        LedgerResult replay = await program.DisburseAsync(LedgerActors.Agency, paid with { Amount = Amounts.Of("12.50") });
        LedgerResult reversed = await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("2.5"), "returned"));

        Assert.Equal("12.50", disbursed.Amount.ToDecimalString());
        Assert.Equal(disbursed.Id, replay.EntryId);
        Assert.Equal("2.50", Assert.IsType<Reversed>(LedgerEntryParser.Parse(reversed.Entry!)).Amount.ToDecimalString());
        Assert.Equal(("10.00", "90.00"), ((await scenario.Budget.GetAsync())!.Disbursed, (await scenario.Budget.GetAsync())!.Available));
    }

    private static DisbursementDraft Draft(LedgerScenario scenario, DecimalAmount amount) =>
        new(scenario.NewId("d"), scenario.ProgramIds[0], LedgerActors.Agency.Principal, scenario.BudgetId, null, scenario.Beneficiaries[0], amount,
            scenario.Currency, LedgerScenario.Purpose, "cash", LedgerScenario.CurrentPeriod);

    /// <summary>What the grains answered when they read the text themselves.</summary>
    private static string MessageOfMoneyParse(string text, string currency) =>
        Assert.Throws<FormatException>(() => Money.Parse(text, Currency.Parse(currency))).Message;

    private static void RefusedWith(string message, LedgerResult result)
    {
        LedgerAssert.Refused(RejectionCode.InvalidRequest, result);
        Assert.Equal(message, result.Message);
    }

    private static async Task<string> StateAsync(LedgerScenario scenario) =>
        JsonSerializer.Serialize(await scenario.Budget.GetAsync()) + JsonSerializer.Serialize(await scenario.Program().GetAsync());
}
