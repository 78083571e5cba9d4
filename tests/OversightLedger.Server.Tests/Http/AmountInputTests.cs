using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Money;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Amounts are read once at the HTTP edge (issue 12): every field that carries an amount refuses what is no amount —
/// huge numbers, exponent notation, too many decimals, separators, white space, negative zero, empty or missing — with
/// 400 problem details of type <c>invalid-request</c> and the message <see cref="Money.Parse"/> gives in the budget's or
/// program's currency (the message the grains gave when they read the text), and changes nothing.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class AmountInputTests(LedgerServerFixture fixture)
{
    private const string InvalidRequest = ProblemAssert.TypeBase + "invalid-request";

    /// <summary>What no currency takes, and what fits no currency's 64 bits of minor units.</summary>
    private static readonly string[] NotAmounts =
    [
        "99999999999999999999999", "92233720368547758.08", "-92233720368547758.09", "5e2", "1E3", "1.001", "0.0000000000000000000000000001",
        "1,00", " 5", "5 ", "+5", "-0", "-0.00", ".5", "5.", "012", "0x10", "NaN", "١٢", string.Empty,
    ];

    /// <summary>Each field: how to send an amount text (null: leave the field out) to it.</summary>
    private static readonly Dictionary<string, Func<Scenario, string?, CancellationToken, Task<HttpResponseMessage>>> Fields = new(StringComparer.Ordinal)
    {
        ["open budget: pledged"] = (s, amount, ct) => s.Donor.PostJsonAsync(
            "api/budgets", Without(new() { ["id"] = LedgerHttp.UniqueId("amount-budget"), ["donor"] = "D", ["purpose"] = "72010", ["country"] = "SD", ["currency"] = "USD", ["pledged"] = amount }), ct),
        ["receive funds: amount"] = (s, amount, ct) => s.Donor.PostJsonAsync($"api/budgets/{s.Setup.Budget}/funds", Without(new() { ["amount"] = amount, ["reference"] = "wire-amount" }), ct),
        ["add tranche: amount"] = (s, amount, ct) => s.Donor.PostJsonAsync(
            $"api/budgets/{s.Setup.Budget}/tranches", Without(new() { ["tranche"] = "t-amount", ["amount"] = amount, ["humanitarian"] = false }), ct),
        ["release tranche: amount"] = (s, amount, ct) => s.Donor.PostJsonAsync($"api/budgets/{s.Setup.Budget}/tranches/{s.Setup.Tranche}/release", Without(new() { ["amount"] = amount }), ct),
        ["grant exemption: maxAmount"] = (s, amount, ct) => s.Donor.PostJsonAsync(
            $"api/budgets/{s.Setup.Budget}/exemptions",
            Without(new() { ["exemption"] = "e-amount", ["sectors"] = new[] { "72010" }, ["modalities"] = new[] { "cash" }, ["maxAmount"] = amount, ["sunset"] = "2099-01-01T00:00:00Z" }),
            ct),
        ["require vetting: threshold"] = (s, amount, ct) => s.Donor.PostJsonAsync($"api/budgets/{s.Setup.Budget}/vetting", Without(new() { ["threshold"] = amount }), ct),
        ["open program: capPerPeriod"] = (s, amount, ct) => s.Agency.PostJsonAsync(
            "api/programs", Without(new() { ["id"] = LedgerHttp.UniqueId("amount-program"), ["currency"] = "USD", ["capPerPeriod"] = amount, ["period"] = "month" }), ct),
        ["disbursement: amount"] = (s, amount, ct) => s.Agency.PostJsonAsync(
            $"api/programs/{s.Setup.Program}/disbursements",
            Without(new() { ["id"] = LedgerHttp.UniqueId("amount-d"), ["budget"] = s.Setup.Budget, ["beneficiary"] = s.Setup.Beneficiaries[0], ["amount"] = amount }),
            ct),
        ["reversal: amount"] = (s, amount, ct) => s.Agency.PostJsonAsync(
            $"api/programs/{s.Setup.Program}/disbursements/{s.Paid}/reversal", Without(new() { ["reason"] = "returned", ["amount"] = amount }), ct),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (string name in Fields.Keys)
            {
                foreach (string text in NotAmounts)
                {
                    cases.Add(name, text);
                }
            }

            return cases;
        }
    }

    public static TheoryData<string> FieldNames => [.. Fields.Keys];

    /// <summary>The fields where an amount is required (a reversal without one reverses all that is left).</summary>
    public static TheoryData<string> RequiredFieldNames => [.. Fields.Keys.Where(name => name != "reversal: amount")];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_text_that_is_no_amount_is_refused_with_the_message_of_Money_Parse_and_changes_nothing(string field, string text)
    {
        Scenario scenario = await fixture.SharedAsync(nameof(AmountInputTests), CreateScenarioAsync);
        string before = await StateAsync(scenario);

        // A blank amount of a payment is refused before it is read, as a missing one is (a validation problem).
        bool blank = string.IsNullOrWhiteSpace(text);
        bool validatedFirst = blank && field is "disbursement: amount" or "reversal: amount";
        JsonElement problem = await ProblemAssert.RefusedAsync(
            fixture.Public, ct => Fields[field](scenario, text, ct), HttpStatusCode.BadRequest, validatedFirst ? ProblemAssert.TypeBase + "validation" : InvalidRequest, Ct);

        if (!validatedFirst)
        {
            Assert.Equal(MessageOfMoneyParse(text), problem.Text("detail"));
        }

        Assert.Equal(before, await StateAsync(scenario));
    }

    [Theory]
    [MemberData(nameof(RequiredFieldNames))]
    public async Task A_missing_amount_is_a_bad_request_and_changes_nothing(string field)
    {
        Scenario scenario = await fixture.SharedAsync(nameof(AmountInputTests), CreateScenarioAsync);
        string before = await StateAsync(scenario);

        await ProblemAssert.RefusedAsync(fixture.Public, ct => Fields[field](scenario, null, ct), [HttpStatusCode.BadRequest], null, Ct);

        Assert.Equal(before, await StateAsync(scenario));
    }

    [Theory]
    [MemberData(nameof(FieldNames))]
    public async Task A_negative_amount_is_refused_and_changes_nothing(string field)
    {
        Scenario scenario = await fixture.SharedAsync(nameof(AmountInputTests), CreateScenarioAsync);
        string before = await StateAsync(scenario);

        // A negative amount is a decimal string: the ledger's rules refuse it (t1 is released already: its release is a clash).
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => Fields[field](scenario, "-5.00", ct), [HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity], null, Ct);

        Assert.Equal(before, await StateAsync(scenario));
    }

    [Fact]
    public async Task A_payment_list_row_that_is_no_amount_is_rejected_with_the_message_of_Money_Parse()
    {
        Scenario scenario = await fixture.SharedAsync(nameof(AmountInputTests), CreateScenarioAsync);
        string before = await StateAsync(scenario);
        string[] texts = [.. NotAmounts.Where(t => !string.IsNullOrWhiteSpace(t))];
        object[] rows = [.. texts.Select((text, i) => new { id = LedgerHttp.UniqueId($"amount-row-{i}"), budget = scenario.Setup.Budget, beneficiary = scenario.Setup.Beneficiaries[0], amount = text })];

        JsonElement report = await (await scenario.Agency.PostJsonAsync($"api/programs/{scenario.Setup.Program}/payment-lists", rows, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);

        JsonElement[] results = [.. report.GetProperty("results").EnumerateArray()];
        Assert.Equal(texts.Length, results.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(("rejected", "invalid-request", MessageOfMoneyParse(texts[i])), (results[i].Text("status"), results[i].Text("code"), results[i].Text("message")));
        }

        Assert.Equal(before, await StateAsync(scenario));
    }

    [Fact]
    public async Task An_amount_in_the_smallest_unit_and_one_with_fewer_decimals_are_the_same_money()
    {
        Scenario scenario = await fixture.SharedAsync(nameof(AmountInputTests), CreateScenarioAsync);
        JsonElement budgetBefore = await fixture.Public.GetJsonAsync($"api/budgets/{scenario.Setup.Budget}", Ct);

        await scenario.Donor.PostJsonAsync($"api/budgets/{scenario.Setup.Budget}/funds", new { amount = "2.5", reference = "wire-short" }, Ct).ExpectCreatedAsync(Ct);
        await scenario.Donor.PostJsonAsync($"api/budgets/{scenario.Setup.Budget}/funds", new { amount = "0.01", reference = "wire-cent" }, Ct).ExpectCreatedAsync(Ct);

        JsonElement budgetAfter = await fixture.Public.GetJsonAsync($"api/budgets/{scenario.Setup.Budget}", Ct);
        Assert.Equal(budgetBefore.Amount("received") + 2.51m, budgetAfter.Amount("received"));
    }

    /// <summary>The refusal every grain gave when it read the text itself (USD, the scenario's currency).</summary>
    private static string MessageOfMoneyParse(string text)
    {
        FormatException refused = Assert.Throws<FormatException>(() => Money.Parse(text, Currency.Parse("USD")));
        return refused.Message;
    }

    /// <summary>The body without its null members (a null amount: the field left out).</summary>
    private static Dictionary<string, object?> Without(Dictionary<string, object?> body) =>
        body.Where(member => member.Value is not null).ToDictionary(member => member.Key, member => member.Value, StringComparer.Ordinal);

    private async Task<string> StateAsync(Scenario scenario)
    {
        JsonElement budget = await fixture.Public.GetJsonAsync($"api/budgets/{scenario.Setup.Budget}", Ct);
        JsonElement program = await fixture.Public.GetJsonAsync($"api/programs/{scenario.Setup.Program}", Ct);
        HttpStatusCode vetting = (await fixture.Public.GetAsync(new Uri($"api/budgets/{scenario.Setup.Budget}/vetting", UriKind.Relative), Ct)).StatusCode;
        return $"{budget.GetRawText()}\n{program.GetRawText()}\n{vetting}";
    }

    private async Task<Scenario> CreateScenarioAsync()
    {
        (HttpClient donor, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(2, "1000.00", "100.00", Ct);
        string paid = LedgerHttp.UniqueId("amount-paid");
        await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id = paid, budget = setup.Budget, beneficiary = setup.Beneficiaries[0], amount = "10.00" }, Ct)
            .ExpectCreatedAsync(Ct);
        return new Scenario(donor, agency, setup, paid);
    }

    /// <summary>A funded USD program with one payment made (<see cref="Paid"/>, for reversals).</summary>
    private sealed record Scenario(HttpClient Donor, HttpClient Agency, FundedProgram Setup, string Paid);
}
