using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Reporting.Tests.TestSupport;

/// <summary>
/// Writes a humanitarian history as real domain entries, at the times the test chooses, into a <see cref="LedgerHistory"/>.
/// Amounts are given in minor units, so tests add up what they generated independently of the code under test.
/// </summary>
internal sealed class ScenarioLedger
{
    public const string Donor = "donor-key";
    private static readonly byte[] PseudonymKey = SHA256.HashData(Encoding.UTF8.GetBytes("report tests pseudonym key"));
    private readonly Dictionary<string, Currency> _budgetCurrency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _programAgencies = new(StringComparer.Ordinal);
    private int _next;

    public LedgerHistory History { get; } = new();

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 12, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    public static BeneficiaryPseudonym Pseudonym(string reference) => BeneficiaryPseudonym.Derive(PseudonymKey, reference);

    public ulong OpenBudget(string budget, string currency, string country, string purpose, long pledged, DateTimeOffset at, params string[] snapBackClasses)
    {
        Currency c = Currency.Parse(currency);
        _budgetCurrency[budget] = c;
        return History.Add(new BudgetOpened(Id(), at, budget, "ECHO", purpose, country, new Money(c, pledged), new NameSet(snapBackClasses), Donor));
    }

    public ulong Receive(string budget, long amount, DateTimeOffset at, string reference = "TRF") =>
        History.Add(new FundsReceived(Id(), at, budget, BudgetMoney(budget, amount), reference + "-" + _next));

    public ulong AddTranche(string budget, string tranche, long amount, bool humanitarian, DateTimeOffset at, params string[] benchmarks) =>
        History.Add(new TrancheAdded(Id(), at, budget, tranche, BudgetMoney(budget, amount), humanitarian, new NameSet(benchmarks)));

    public ulong Verify(string budget, string tranche, string benchmark, DateTimeOffset at, string evidence = "evidence") =>
        History.Add(new BenchmarkVerified(
            Id(), at, budget, tranche, benchmark, "verifier-ti", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(evidence))),
            DateOnly.FromDateTime(at.UtcDateTime)));

    public ulong Release(string budget, string tranche, long amount, DateTimeOffset at, params string[] verifications) =>
        History.Add(new TrancheReleased(Id(), at, budget, tranche, BudgetMoney(budget, amount), new NameSet(verifications), Donor));

    public ulong OpenProgram(string program, string currency, DateTimeOffset at, string agency = "agency-wfp")
    {
        _programAgencies[program] = agency;
        return History.Add(new ProgramOpened(Id(), at, program, agency, new Money(Currency.Parse(currency), 1_000_000), CapPeriod.Month));
    }

    /// <summary>Lists the program, pinned to the agency that opened it (or <c>agency-wfp</c> for a program not opened yet).</summary>
    public ulong List(string budget, string program, DateTimeOffset at) =>
        History.Add(new ProgramEligible(Id(), at, budget, program, _programAgencies.GetValueOrDefault(program, "agency-wfp")));

    public ulong Enrol(string program, string reference, DateTimeOffset at) =>
        History.Add(new BeneficiaryEnrolled(Id(), at, program, Pseudonym(reference)));

    public ulong Disburse(string id, string program, string budget, string tranche, string reference, long amount, string sector, DateTimeOffset at, string? currency = null) =>
        History.Add(new Disbursed(
            id, at, program, budget, tranche, Pseudonym(reference), currency is null ? BudgetMoney(budget, amount) : new Money(Currency.Parse(currency), amount),
            sector, "cash", PaymentPeriod.Of(CapPeriod.Month, at)));

    public ulong Reverse(string disbursement, string program, string budget, string tranche, long amount, DateTimeOffset at) =>
        History.Add(new Reversed(Id(), at, disbursement, program, budget, tranche, BudgetMoney(budget, amount), "returned by the bank"));

    /// <summary>A reversal with one of the API's reason codes (a partial one when <paramref name="amount"/> is less than was paid).</summary>
    public ulong Reverse(string disbursement, string program, string budget, string tranche, long amount, DateTimeOffset at, string reason) =>
        History.Add(new Reversed(Id(), at, disbursement, program, budget, tranche, BudgetMoney(budget, amount), reason));

    public ulong Deliver(string disbursement, string program, string budget, long amount, DateTimeOffset at) =>
        History.Add(new Delivered(Id(), at, disbursement, program, budget, BudgetMoney(budget, amount)));

    public ulong Freeze(string budget, DateTimeOffset at, string? finding = null) =>
        History.Add(new BudgetFrozen(Id(), at, budget, "snap-back", finding));

    public ulong Unfreeze(string budget, DateTimeOffset at) => History.Add(new BudgetUnfrozen(Id(), at, budget, "corrected"));

    public ulong GrantExemption(string budget, string exemption, DateTimeOffset at, DateTimeOffset sunset) =>
        History.Add(new ExemptionGranted(Id(), at, budget, exemption, ["72010"], ["cash"], BudgetMoney(budget, 50_000), sunset));

    public ulong RenewExemption(string budget, string exemption, DateTimeOffset at, DateTimeOffset sunset) =>
        History.Add(new ExemptionRenewed(Id(), at, budget, exemption, sunset));

    public ulong RaiseFinding(string finding, DateTimeOffset at, string budget, string program, params long[] leaves) =>
        History.Add(new FindingRaised(finding, at, "watchdog-ti", "diversion", [budget], [program], leaves.Length == 0 ? [0] : leaves, "seen in the log"));

    public ulong DisputeFinding(string finding, DateTimeOffset at) => History.Add(new FindingDisputed(Id(), at, finding, "agency-wfp", "we disagree"));

    public ulong ResolveFinding(string finding, FindingOutcome outcome, DateTimeOffset at) =>
        History.Add(new FindingResolved(Id(), at, finding, "watchdog-ti", outcome, outcome == FindingOutcome.Confirmed ? "repay" : "no issue"));

    private Money BudgetMoney(string budget, long amount) => new(_budgetCurrency.GetValueOrDefault(budget) ?? Currency.Parse("EUR"), amount);

    private string Id() => "e-" + _next++;
}
