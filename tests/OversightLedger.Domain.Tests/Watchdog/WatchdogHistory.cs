using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Watchdog;

/// <summary>
/// A log written entry by entry, the way the grains would write it when they follow the rules (and, where a test says
/// so, the way they never would), for feeding watchdog monitors. Every entry is decided at <see cref="Time"/>, the last
/// day of 2026, so any month or quarter of 2026 is a valid payment period.
/// </summary>
internal sealed class WatchdogHistory
{
    public const string Owner = "donor-key-1";

    private int _lastId;

    public DateTimeOffset Time { get; set; } = new(2026, 12, 31, 12, 0, 0, TimeSpan.Zero);

    public List<LedgerEntry> Entries { get; } = [];

    public ulong Size => (ulong)Entries.Count;

    public ulong Add(LedgerEntry entry)
    {
        Entries.Add(entry);
        return (ulong)Entries.Count - 1;
    }

    /// <summary>A budget with 10,000,000 EUR received and one released tranche <c>t-1</c> of it (humanitarian or not).</summary>
    public WatchdogHistory Budget(string budget, bool humanitarian = false, params string[] snapBackClasses)
    {
        Add(new BudgetOpened(NextId(), Time, budget, "XM-DAC-41114", "72010", "SS", Samples.Eur("10000000"), new NameSet(snapBackClasses), Owner));
        Add(new FundsReceived(NextId(), Time, budget, Samples.Eur("10000000"), "wire " + budget));
        Add(new TrancheAdded(NextId(), Time, budget, "t-1", Samples.Eur("10000000"), humanitarian, []));
        Add(new TrancheReleased(NextId(), Time, budget, "t-1", Samples.Eur("10000000"), [], Owner));
        return this;
    }

    /// <summary>A program with a cap per period, listed as eligible by each budget.</summary>
    public WatchdogHistory Program(string program, string cap = "100000", CapPeriod period = CapPeriod.Month, params string[] budgets)
    {
        Add(new ProgramOpened(NextId(), Time, program, "agency-" + program, Samples.Eur(cap), period));
        foreach (string budget in budgets)
        {
            Add(new ProgramEligible(NextId(), Time, budget, program, "agency-" + program));
        }

        return this;
    }

    /// <summary>The pseudonym of <paramref name="reference"/>, enrolled in each program.</summary>
    public BeneficiaryPseudonym Enrol(string reference, params string[] programs)
    {
        BeneficiaryPseudonym beneficiary = BeneficiaryPseudonym.Derive(new byte[ProgramSecret.Length], reference);
        foreach (string program in programs)
        {
            Add(new BeneficiaryEnrolled(NextId(), Time, program, beneficiary));
        }

        return beneficiary;
    }

    /// <summary>Enrols <paramref name="count"/> beneficiaries in the program.</summary>
    public BeneficiaryPseudonym[] EnrolMany(string program, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Enrol(string.Create(CultureInfo.InvariantCulture, $"{program}-person-{i}"), program))];

    public Disbursed Pay(
        string program, string budget, BeneficiaryPseudonym beneficiary, string amount, string period, string tranche = "t-1", string? counterparty = null)
    {
        Disbursed paid = new(NextId("d"), Time, program, budget, tranche, beneficiary, Samples.Eur(amount), "72010", "cash", period, counterparty);
        Add(paid);
        return paid;
    }

    public Reversed Reverse(Disbursed paid, string? amount = null)
    {
        Reversed reversed = new(
            NextId("rev"), Time, paid.Id, paid.Program, paid.Budget, paid.Tranche, amount is null ? paid.Amount : Samples.Eur(amount), "returned by the bank");
        Add(reversed);
        return reversed;
    }

    /// <summary>A counterparty registered by <paramref name="agency"/>.</summary>
    public void RegisterCounterparty(string counterparty, string agency) =>
        Add(new CounterpartyRegistered(EntryIds.CounterpartyRegistered(counterparty), Time, counterparty, agency, CounterpartyKind.Vendor, Samples.AcmePseudonym));

    /// <summary>A screening against <paramref name="lists"/> (<see cref="Samples.Lists"/> unless given); a hit matches <c>OFAC-SDN:306</c>.</summary>
    public void Screen(string counterparty, bool hit, NameSet? lists = null)
    {
        NameSet versions = lists ?? Samples.Lists;
        Add(new CounterpartyScreened(EntryIds.CounterpartyScreened(counterparty, versions), Time, counterparty, versions, hit ? 0.97m : 0.2m, hit, hit ? "OFAC-SDN:306" : null));
    }

    /// <summary>A compliance reviewer confirms the hit screened against <paramref name="lists"/>.</summary>
    public void Confirm(string counterparty, NameSet lists) =>
        Add(new ScreeningConfirmed(EntryIds.ScreeningReviewed(counterparty, lists), Time, counterparty, "compliance:desk", lists, 0.97m, new string('e', 64)));

    /// <summary>A compliance reviewer clears the hit screened against <paramref name="lists"/> (a namesake).</summary>
    public void Clear(string counterparty, NameSet lists) =>
        Add(new ScreeningCleared(EntryIds.ScreeningReviewed(counterparty, lists), Time, counterparty, "compliance:desk", lists, 0.97m, new string('e', 64)));

    public string NextId(string prefix = "req") => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{++_lastId}");

    /// <summary>Feeds the leaves the monitor has not read yet, as their canonical bytes (what the log stores).</summary>
    public WatchdogMonitor FeedTo(WatchdogMonitor monitor)
    {
        for (ulong leaf = monitor.NextLeafIndex; leaf < Size; leaf++)
        {
            monitor.Observe(leaf, Entries[(int)leaf].ToCanonicalJson());
        }

        return monitor;
    }

    /// <summary>A fresh monitor with <paramref name="settings"/> that has read the whole history, and what it concluded.</summary>
    public IReadOnlyList<FindingCandidate> Findings(WatchdogRuleSettings? settings = null, WatchdogScope? scope = null, string watchdog = "watchdog-1") =>
        FeedTo(new WatchdogMonitor(watchdog, settings ?? WatchdogRuleSettings.Default, scope ?? WatchdogScope.Everything)).TakeNewFindings();

    /// <summary>The ledger's own verdict on the history: what the auditor's replay reports.</summary>
    public IReadOnlyList<RuleViolation> Violations() =>
        new LedgerReplay().ApplyAll(Entries.Select((e, i) => ((ulong)i, e.ToCanonicalJson()))).Violations;
}
