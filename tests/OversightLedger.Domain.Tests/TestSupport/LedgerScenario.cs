using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Tests.TestSupport;

/// <summary>
/// One budget and one program wired the way the grains will wire them, over an in-memory log: decide, append the
/// entry, apply it. Time comes from a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class LedgerScenario
{
    public const string BudgetId = "budget-1";
    public const string ProgramId = "program-1";
    public const string Owner = "donor-key-1";
    public const string Verifier = "audit-firm-7";
    public const string Agency = "agency-9";

    private int _lastId;

    /// <summary>An empty scenario: a budget and a program, not opened.</summary>
    public LedgerScenario()
    {
        Budget = new(BudgetId);
        Program = new(ProgramId);
    }

    public FakeTimeProvider Clock { get; } = new(Samples.Noon);

    public DateTimeOffset Now => Clock.GetUtcNow();

    public string Period => PaymentPeriod.Of(CapPeriod.Month, Now);

    public ReliefBudget Budget { get; }

    public BeneficiaryProgram Program { get; }

    public List<(ulong LeafIndex, byte[] Entry)> Log { get; } = [];

    /// <summary>
    /// A budget of 1000 EUR received, tranche t-1 (500, not humanitarian, benchmark b-1, verified, released) and t-2
    /// (300, humanitarian, no benchmark, released); the program (cap per month <paramref name="cap"/>) is eligible and
    /// Alice is enrolled.
    /// </summary>
    public static LedgerScenario Funded(string cap = "10000", ConsequenceLadder? ladder = null)
    {
        LedgerScenario s = new();
        s.Append(s.Budget.DecideOpen(s.NextId(), s.Now, "XM-DAC-41114", "72010", "SS", Samples.Eur("2000"), ["diversion"], Owner, ladder));
        s.Append(s.Budget.DecideReceiveFunds(s.NextId(), s.Now, Samples.Eur("1000"), "wire 1"));
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-1", Samples.Eur("500"), false, ["b-1"]));
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-2", Samples.Eur("300"), true, []));
        s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-1", "b-1", Verifier, Samples.Evidence, new DateOnly(2026, 11, 20)));
        s.Append(s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, "t-1", Samples.Eur("500")));
        s.Append(s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, "t-2", Samples.Eur("300")));
        s.Append(s.Program.DecideOpen(s.NextId(), s.Now, Agency, Samples.Eur(cap), CapPeriod.Month));
        s.Append(s.Budget.DecideListProgram(s.NextId(), s.Now, Owner, ProgramId, Listed(ProgramId)));
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Alice));
        return s;
    }

    public string NextId() => string.Create(CultureInfo.InvariantCulture, $"req-{++_lastId}");

    /// <summary>Asserts the decision says append, appends the entry and applies it.</summary>
    public TEntry Append<TEntry>(Decision<TEntry> decision)
        where TEntry : LedgerEntry
    {
        Assert.True(decision.ShouldAppend, decision.ToString());
        Record(decision.Entry);
        return decision.Entry;
    }

    /// <summary>Appends an entry to the log and applies it to the budget and the program it concerns.</summary>
    public ulong Record(LedgerEntry entry)
    {
        ulong leafIndex = (ulong)Log.Count;
        Log.Add((leafIndex, entry.ToCanonicalJson()));
        if (ReliefBudget.BudgetOf(entry) == BudgetId)
        {
            Budget.Apply(entry);
        }

        if (BeneficiaryProgram.ProgramOf(entry) == ProgramId)
        {
            Program.Apply(entry, leafIndex);
        }

        return leafIndex;
    }

    /// <summary>What the program grain tells the budget of an open program (EUR).</summary>
    public static ListedProgram Listed(string program, string agency = Agency) => new(program, agency, Samples.EurCurrency);

    public DisbursementRequest Request(
        string id, string amount, string? tranche = null, BeneficiaryPseudonym? beneficiary = null, string sector = "72010",
        string modality = "cash", string? period = null, string program = ProgramId, string agency = Agency, string? counterparty = null) =>
        new(id, program, agency, BudgetId, tranche, beneficiary ?? Samples.Alice, Samples.Eur(amount), sector, modality, period ?? Period, counterparty);

    /// <summary>The grains' flow up to the log: the budget reserves, the program decides (pass the result to <see cref="Append"/>).</summary>
    public Decision<Disbursed> Disburse(DisbursementRequest request)
    {
        TrancheReservation reservation = Budget.TryReserve(request, Now);
        if (!reservation.IsReserved)
        {
            return Decision<Disbursed>.Reject(reservation.Rejection);
        }

        Decision<Disbursed> decision = Program.DecideDisbursement(request, reservation.Tranche, Now);
        if (!decision.IsAccepted)
        {
            Budget.Release(request.DisbursementId);
        }

        return decision;
    }

    /// <summary>Disburses and asserts the refusal code.</summary>
    public DomainRejection Refused(DisbursementRequest request, string code)
    {
        Decision<Disbursed> decision = Disburse(request);
        Assert.False(decision.IsAccepted, $"expected {code}, got {decision}");
        Assert.Equal(code, decision.Rejection.Code);
        return decision.Rejection;
    }

    /// <summary>Every balance and flag of the budget and the program, to show a refusal changed nothing.</summary>
    public string Snapshot()
    {
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture, $"log={Log.Count} ");
        if (Budget.IsOpen)
        {
            text.Append(CultureInfo.InvariantCulture, $"received={Budget.Received} released={Budget.Released} reserved={Budget.Reserved} ");
            text.Append(CultureInfo.InvariantCulture, $"disbursed={Budget.Disbursed} frozen={Budget.IsFrozen} eligible={string.Join(",", Budget.EligiblePrograms)} ");
            text.Append(CultureInfo.InvariantCulture, $"reservations={Budget.Reservations.Count} ");
            foreach (Tranche t in Budget.Tranches)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{t.Id} {t.IsReleased} {t.Released} {t.Reserved} {t.Disbursed} {t.Verifications.Count}] ");
            }

            foreach (Exemption e in Budget.Exemptions)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{e.Id} {e.Sunset:O} {e.IsRecordedExpired}] ");
            }
        }

        if (Program.IsOpen)
        {
            text.Append(CultureInfo.InvariantCulture, $"paid={Program.Disbursed} enrolled={Program.Beneficiaries.Count} records={Program.Disbursements.Count} ");
            text.Append(CultureInfo.InvariantCulture, $"pending={Program.Reservations.Count} alice={Program.PaidIn(Samples.Alice, Period)}/{Program.ReservedIn(Samples.Alice, Period)}");
        }

        return text.ToString();
    }
}
