using System.Text;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Entries;

using OversightLedger.Domain.Money;

/// <summary>Every kind against hand-written canonical bytes, and back.</summary>
public class LedgerEntryGoldenTests
{
    /// <summary>12:00:00.789: entries keep whole seconds.</summary>
    private static readonly DateTimeOffset Time = Samples.Noon.AddMilliseconds(789);

    private const string T = "\"time\":\"2026-11-25T12:00:00Z\"";

    public static TheoryData<string, LedgerEntry, string> Golden() => new()
    {
        {
            "BudgetOpened",
            new BudgetOpened("req-1", Time, "budget-1", "XM-DAC-41114", "72010", "SS", Samples.Eur("1000000"), ["sanctions-breach", "diversion"], "donor-key-1"),
            "{\"budget\":\"budget-1\",\"country\":\"SS\",\"currency\":\"EUR\",\"donor\":\"XM-DAC-41114\",\"id\":\"req-1\",\"kind\":\"BudgetOpened\"," +
            "\"owner\":\"donor-key-1\",\"pledged\":\"1000000.00\",\"purpose\":\"72010\",\"snapBackClasses\":[\"diversion\",\"sanctions-breach\"]," + T + ",\"v\":1}"
        },
        {
            "FundsReceived",
            new FundsReceived("req-2", Time, "budget-1", Samples.Eur("250000.5"), "SWIFT \"MT103\" 42\\A"),
            "{\"amount\":\"250000.50\",\"budget\":\"budget-1\",\"currency\":\"EUR\",\"id\":\"req-2\",\"kind\":\"FundsReceived\"," +
            "\"reference\":\"SWIFT \\\"MT103\\\" 42\\\\A\"," + T + ",\"v\":1}"
        },
        {
            "FundsReceived in yen",
            new FundsReceived("req-2y", Time, "budget-jp", Money.Parse("1000", Currency.Parse("JPY")), "JP-1"),
            "{\"amount\":\"1000\",\"budget\":\"budget-jp\",\"currency\":\"JPY\",\"id\":\"req-2y\",\"kind\":\"FundsReceived\",\"reference\":\"JP-1\"," + T + ",\"v\":1}"
        },
        {
            "TrancheAdded",
            new TrancheAdded("req-3", Time, "budget-1", "t-1", Samples.Eur("500"), true, ["b-2", "b-1"]),
            "{\"amount\":\"500.00\",\"benchmarks\":[\"b-1\",\"b-2\"],\"budget\":\"budget-1\",\"currency\":\"EUR\",\"humanitarian\":true,\"id\":\"req-3\"," +
            "\"kind\":\"TrancheAdded\"," + T + ",\"tranche\":\"t-1\",\"v\":1}"
        },
        {
            "BenchmarkVerified",
            new BenchmarkVerified("req-4", Time, "budget-1", "t-1", "b-1", "audit-firm-7", Samples.Evidence, new DateOnly(2026, 11, 20)),
            "{\"benchmark\":\"b-1\",\"budget\":\"budget-1\",\"evidenceSha256\":\"" + Samples.Evidence + "\",\"id\":\"req-4\",\"kind\":\"BenchmarkVerified\"," +
            T + ",\"tranche\":\"t-1\",\"v\":1,\"verifiedOn\":\"2026-11-20\",\"verifier\":\"audit-firm-7\"}"
        },
        {
            "BenchmarkVerified with a value",
            new BenchmarkVerified("req-4v", Time, "budget-1", "t-1", "b-1", "audit-firm-7", Samples.Evidence, new DateOnly(2026, 11, 20), 82.50m),
            "{\"benchmark\":\"b-1\",\"budget\":\"budget-1\",\"evidenceSha256\":\"" + Samples.Evidence + "\",\"id\":\"req-4v\",\"kind\":\"BenchmarkVerified\"," +
            T + ",\"tranche\":\"t-1\",\"v\":1,\"value\":\"82.5\",\"verifiedOn\":\"2026-11-20\",\"verifier\":\"audit-firm-7\"}"
        },
        {
            "BenchmarkDefined",
            new BenchmarkDefined(
                "benchmark-defined/budget-1/t-1/b-1", Time, "budget-1", "t-1", "b-1", "share of listed detainees released", "percent", 12.000m, 80m,
                TargetDirection.AtLeast, new DateOnly(2027, 3, 31), 2, 2),
            "{\"baseline\":\"12\",\"benchmark\":\"b-1\",\"budget\":\"budget-1\",\"direction\":\"at-least\",\"dueOn\":\"2027-03-31\"," +
            "\"id\":\"benchmark-defined/budget-1/t-1/b-1\",\"indicator\":\"share of listed detainees released\",\"kind\":\"BenchmarkDefined\"," +
            "\"requiredGroups\":2,\"requiredVerifications\":2,\"target\":\"80\"," + T + ",\"tranche\":\"t-1\",\"unit\":\"percent\",\"v\":1}"
        },
        {
            "BenchmarkDefined at most",
            new BenchmarkDefined(
                "req-4d", Time, "budget-1", "t-1", "b-2", "days to grant access", "days", 45.25m, 0.000001m, TargetDirection.AtMost, new DateOnly(2027, 1, 1), 3, 1),
            "{\"baseline\":\"45.25\",\"benchmark\":\"b-2\",\"budget\":\"budget-1\",\"direction\":\"at-most\",\"dueOn\":\"2027-01-01\"," +
            "\"id\":\"req-4d\",\"indicator\":\"days to grant access\",\"kind\":\"BenchmarkDefined\"," +
            "\"requiredGroups\":1,\"requiredVerifications\":3,\"target\":\"0.000001\"," + T + ",\"tranche\":\"t-1\",\"unit\":\"days\",\"v\":1}"
        },
        {
            "BenchmarkDefined reviewed quarterly",
            new BenchmarkDefined(
                "req-4q", Time, "budget-1", "t-1", "b-3", "share of listed detainees released", "percent", 12m, 80m,
                TargetDirection.AtLeast, new DateOnly(2027, 3, 31), 2, 2, ReviewCadence.Quarterly, 4),
            "{\"baseline\":\"12\",\"benchmark\":\"b-3\",\"budget\":\"budget-1\",\"direction\":\"at-least\",\"dueOn\":\"2027-03-31\"," +
            "\"id\":\"req-4q\",\"indicator\":\"share of listed detainees released\",\"kind\":\"BenchmarkDefined\"," +
            "\"requiredGroups\":2,\"requiredVerifications\":2,\"reviewCadence\":\"quarterly\",\"reviewCount\":4,\"target\":\"80\"," + T + ",\"tranche\":\"t-1\",\"unit\":\"percent\",\"v\":1}"
        },
        {
            "ReviewOpened",
            new ReviewOpened("review-opened/budget-1/t-1/b-3/2", Time, "budget-1", "t-1", "b-3", 2, new DateOnly(2027, 6, 30), new DateOnly(2027, 9, 29)),
            "{\"benchmark\":\"b-3\",\"budget\":\"budget-1\",\"closesOn\":\"2027-09-29\",\"id\":\"review-opened/budget-1/t-1/b-3/2\",\"kind\":\"ReviewOpened\"," +
            "\"opensOn\":\"2027-06-30\",\"review\":2," + T + ",\"tranche\":\"t-1\",\"v\":1}"
        },
        {
            "ReviewClosed",
            new ReviewClosed("review-closed/budget-1/t-1/b-3/2", Time, "budget-1", "t-1", "b-3", 2, ReviewOutcome.Missed),
            "{\"benchmark\":\"b-3\",\"budget\":\"budget-1\",\"id\":\"review-closed/budget-1/t-1/b-3/2\",\"kind\":\"ReviewClosed\"," +
            "\"outcome\":\"missed\",\"review\":2," + T + ",\"tranche\":\"t-1\",\"v\":1}"
        },
        {
            "BudgetOpened with a consequence ladder",
            new BudgetOpened(
                "req-1l", Time, "budget-1", "XM-DAC-41114", "72010", "SS", Samples.Eur("1000000"), ["diversion"], "donor-key-1",
                ConsequenceLadder.Parse(["1:pause-next-tranche", "2:freeze-unreleased"])),
            "{\"budget\":\"budget-1\",\"consequenceLadder\":[\"1:pause-next-tranche\",\"2:freeze-unreleased\"],\"country\":\"SS\",\"currency\":\"EUR\"," +
            "\"donor\":\"XM-DAC-41114\",\"id\":\"req-1l\",\"kind\":\"BudgetOpened\",\"owner\":\"donor-key-1\",\"pledged\":\"1000000.00\",\"purpose\":\"72010\"," +
            "\"snapBackClasses\":[\"diversion\"]," + T + ",\"v\":1}"
        },
        {
            "ConsequenceApplied",
            new ConsequenceApplied(
                "consequence-applied/budget-1/review-closed%2Fbudget-1%2Ft-1%2Fb-3%2F2", Time, "budget-1", 2, ConsequenceAction.FreezeUnreleased, ["t-3", "t-2"],
                "review-closed/budget-1/t-1/b-3/2"),
            "{\"action\":\"freeze-unreleased\",\"budget\":\"budget-1\",\"id\":\"consequence-applied/budget-1/review-closed%2Fbudget-1%2Ft-1%2Fb-3%2F2\"," +
            "\"kind\":\"ConsequenceApplied\",\"review\":\"review-closed/budget-1/t-1/b-3/2\",\"step\":2," + T + ",\"tranches\":[\"t-2\",\"t-3\"],\"v\":1}"
        },
        {
            "ConsequenceLifted",
            new ConsequenceLifted("consequence-lifted/budget-1/2", Time, "budget-1", 2, "review 3 passed", "review-closed/budget-1/t-1/b-3/3", "donor-key-1"),
            "{\"budget\":\"budget-1\",\"id\":\"consequence-lifted/budget-1/2\",\"kind\":\"ConsequenceLifted\",\"liftedBy\":\"donor-key-1\"," +
            "\"reason\":\"review 3 passed\",\"review\":\"review-closed/budget-1/t-1/b-3/3\",\"step\":2," + T + ",\"v\":1}"
        },
        {
            "VerifierRegistered",
            new VerifierRegistered("verifier-registered/budget-1/audit-firm-7", Time, "budget-1", "audit-firm-7", "domestic"),
            "{\"budget\":\"budget-1\",\"group\":\"domestic\",\"id\":\"verifier-registered/budget-1/audit-firm-7\",\"kind\":\"VerifierRegistered\"," +
            T + ",\"v\":1,\"verifier\":\"audit-firm-7\"}"
        },
        {
            "BenchmarkDecided",
            new BenchmarkDecided("req-4x", Time, "budget-1", "t-1", "b-1", false, "the panel's count is of a superseded list", "donor-key-1"),
            "{\"benchmark\":\"b-1\",\"budget\":\"budget-1\",\"decidedBy\":\"donor-key-1\",\"id\":\"req-4x\",\"kind\":\"BenchmarkDecided\"," +
            "\"outcome\":\"not-met\",\"reason\":\"the panel's count is of a superseded list\"," + T + ",\"tranche\":\"t-1\",\"v\":1}"
        },
        {
            "TrancheReleased",
            new TrancheReleased("req-5", Time, "budget-1", "t-1", Money.Parse("1.5", Currency.Parse("KWD")), ["b-1", "b-2"], "donor-key-1"),
            "{\"amount\":\"1.500\",\"budget\":\"budget-1\",\"currency\":\"KWD\",\"id\":\"req-5\",\"kind\":\"TrancheReleased\",\"releasedBy\":\"donor-key-1\"," +
            T + ",\"tranche\":\"t-1\",\"v\":1,\"verifications\":[\"b-1\",\"b-2\"]}"
        },
        {
            "ProgramEligible",
            new ProgramEligible("req-6", Time, "budget-1", "program-1", "agency-9"),
            "{\"agency\":\"agency-9\",\"budget\":\"budget-1\",\"id\":\"req-6\",\"kind\":\"ProgramEligible\",\"program\":\"program-1\"," + T + ",\"v\":1}"
        },
        {
            "ProgramOpened",
            new ProgramOpened("req-7", Time, "program-1", "agency-9", Samples.Eur("150"), CapPeriod.Quarter),
            "{\"agency\":\"agency-9\",\"capPerPeriod\":\"150.00\",\"currency\":\"EUR\",\"id\":\"req-7\",\"kind\":\"ProgramOpened\",\"period\":\"quarter\"," +
            "\"program\":\"program-1\"," + T + ",\"v\":1}"
        },
        {
            "BeneficiaryEnrolled",
            new BeneficiaryEnrolled("req-8", Time, "program-1", Samples.Alice),
            "{\"beneficiary\":\"" + Samples.Alice.Value + "\",\"id\":\"req-8\",\"kind\":\"BeneficiaryEnrolled\",\"program\":\"program-1\"," + T + ",\"v\":1}"
        },
        {
            "Disbursed",
            new Disbursed("disb-1", Time, "program-1", "budget-1", "t-1", Samples.Alice, Samples.Eur("25"), "72010", "cash", "2026-11"),
            "{\"amount\":\"25.00\",\"beneficiary\":\"" + Samples.Alice.Value + "\",\"budget\":\"budget-1\",\"currency\":\"EUR\",\"disbursement\":\"disb-1\"," +
            "\"id\":\"disb-1\",\"kind\":\"Disbursed\",\"modality\":\"cash\",\"period\":\"2026-11\",\"program\":\"program-1\",\"sector\":\"72010\"," + T +
            ",\"tranche\":\"t-1\",\"v\":1}"
        },
        {
            "Disbursed naming a counterparty",
            new Disbursed("disb-2", Time, "program-1", "budget-1", "t-1", Samples.Alice, Samples.Eur("25"), "72010", "cash", "2026-11", "cpty-1"),
            "{\"amount\":\"25.00\",\"beneficiary\":\"" + Samples.Alice.Value + "\",\"budget\":\"budget-1\",\"counterparty\":\"cpty-1\",\"currency\":\"EUR\"," +
            "\"disbursement\":\"disb-2\",\"id\":\"disb-2\",\"kind\":\"Disbursed\",\"modality\":\"cash\",\"period\":\"2026-11\",\"program\":\"program-1\"," +
            "\"sector\":\"72010\"," + T + ",\"tranche\":\"t-1\",\"v\":1}"
        },
        {
            "Reversed",
            new Reversed("req-10", Time, "disb-1", "program-1", "budget-1", "t-1", Samples.Eur("25"), "paid twice\nrécupéré\u0007"),
            "{\"amount\":\"25.00\",\"budget\":\"budget-1\",\"currency\":\"EUR\",\"disbursement\":\"disb-1\",\"id\":\"req-10\",\"kind\":\"Reversed\"," +
            "\"program\":\"program-1\",\"reason\":\"paid twice\\nrécupéré\\u0007\"," + T + ",\"tranche\":\"t-1\",\"v\":1}"
        },
        {
            "Delivered",
            new Delivered("req-10b", Time, "disb-1", "program-1", "budget-1", Samples.Eur("25")),
            "{\"amount\":\"25.00\",\"budget\":\"budget-1\",\"currency\":\"EUR\",\"disbursement\":\"disb-1\",\"id\":\"req-10b\",\"kind\":\"Delivered\"," +
            "\"program\":\"program-1\"," + T + ",\"v\":1}"
        },
        {
            "BudgetFrozen with a finding",
            new BudgetFrozen("req-11", Time, "budget-1", "confirmed diversion", "finding-3"),
            "{\"budget\":\"budget-1\",\"finding\":\"finding-3\",\"id\":\"req-11\",\"kind\":\"BudgetFrozen\",\"reason\":\"confirmed diversion\"," + T + ",\"v\":1}"
        },
        {
            "BudgetFrozen without a finding",
            new BudgetFrozen("req-11b", Time, "budget-1", "donor decision"),
            "{\"budget\":\"budget-1\",\"id\":\"req-11b\",\"kind\":\"BudgetFrozen\",\"reason\":\"donor decision\"," + T + ",\"v\":1}"
        },
        {
            "BudgetUnfrozen",
            new BudgetUnfrozen("req-12", Time, "budget-1", "finding resolved"),
            "{\"budget\":\"budget-1\",\"id\":\"req-12\",\"kind\":\"BudgetUnfrozen\",\"reason\":\"finding resolved\"," + T + ",\"v\":1}"
        },
        {
            "ExemptionGranted",
            new ExemptionGranted(
                "req-13", Time, "budget-1", "ex-1", ["72040", "72010"], ["voucher", "cash"], Samples.Eur("100"),
                new DateTimeOffset(2027, 1, 31, 23, 59, 59, 999, TimeSpan.FromHours(1))),
            "{\"budget\":\"budget-1\",\"currency\":\"EUR\",\"exemption\":\"ex-1\",\"id\":\"req-13\",\"kind\":\"ExemptionGranted\",\"maxAmount\":\"100.00\"," +
            "\"modalities\":[\"cash\",\"voucher\"],\"sectors\":[\"72010\",\"72040\"],\"sunset\":\"2027-01-31T22:59:59Z\"," + T + ",\"v\":1}"
        },
        {
            "ExemptionRenewed",
            new ExemptionRenewed("req-14", Time, "budget-1", "ex-1", new DateTimeOffset(2027, 6, 30, 0, 0, 0, TimeSpan.Zero)),
            "{\"budget\":\"budget-1\",\"exemption\":\"ex-1\",\"id\":\"req-14\",\"kind\":\"ExemptionRenewed\",\"sunset\":\"2027-06-30T00:00:00Z\"," + T + ",\"v\":1}"
        },
        {
            "ExemptionExpired",
            new ExemptionExpired("req-15", Time, "budget-1", "ex-1"),
            "{\"budget\":\"budget-1\",\"exemption\":\"ex-1\",\"id\":\"req-15\",\"kind\":\"ExemptionExpired\"," + T + ",\"v\":1}"
        },
        {
            "FindingRaised",
            new FindingRaised(
                "f-w1-velocity-1", Time, "watchdog-1", "velocity", ["budget-2", "budget-1"], ["program-1"], [0, 17, 9_007_199_254_740_991],
                "program-1 paid \"3.5×\" its mean"),
            "{\"budgets\":[\"budget-1\",\"budget-2\"],\"class\":\"velocity\",\"finding\":\"f-w1-velocity-1\",\"id\":\"f-w1-velocity-1\"," +
            "\"kind\":\"FindingRaised\",\"leaves\":[0,17,9007199254740991],\"programs\":[\"program-1\"],\"summary\":\"program-1 paid \\\"3.5×\\\" its mean\"," +
            T + ",\"v\":1,\"watchdog\":\"watchdog-1\"}"
        },
        {
            "FindingRaised about no budget or program",
            new FindingRaised("f-w1-integrity-1", Time, "watchdog-1", "ledger-integrity", [], [], [42], "leaf 42 is not an entry"),
            "{\"budgets\":[],\"class\":\"ledger-integrity\",\"finding\":\"f-w1-integrity-1\",\"id\":\"f-w1-integrity-1\",\"kind\":\"FindingRaised\"," +
            "\"leaves\":[42],\"programs\":[],\"summary\":\"leaf 42 is not an entry\"," + T + ",\"v\":1,\"watchdog\":\"watchdog-1\"}"
        },
        {
            "FindingDisputed",
            new FindingDisputed("req-16", Time, "f-w1-velocity-1", "agency-key-9", "The surge was the flood response.\nSee annex."),
            "{\"by\":\"agency-key-9\",\"finding\":\"f-w1-velocity-1\",\"id\":\"req-16\",\"kind\":\"FindingDisputed\"," +
            "\"response\":\"The surge was the flood response.\\nSee annex.\"," + T + ",\"v\":1}"
        },
        {
            "FindingResolved confirmed",
            new FindingResolved("req-17", Time, "f-w1-velocity-1", "watchdog-1", FindingOutcome.Confirmed, "recover 1200.00 EUR"),
            "{\"action\":\"recover 1200.00 EUR\",\"by\":\"watchdog-1\",\"finding\":\"f-w1-velocity-1\",\"id\":\"req-17\",\"kind\":\"FindingResolved\"," +
            "\"outcome\":\"confirmed\"," + T + ",\"v\":1}"
        },
        {
            "FindingResolved dismissed",
            new FindingResolved("req-18", Time, "f-w1-integrity-1", "watchdog-1", FindingOutcome.Dismissed, "explained by the agency"),
            "{\"action\":\"explained by the agency\",\"by\":\"watchdog-1\",\"finding\":\"f-w1-integrity-1\",\"id\":\"req-18\",\"kind\":\"FindingResolved\"," +
            "\"outcome\":\"dismissed\"," + T + ",\"v\":1}"
        },
        {
            "ReportPublished",
            new ReportPublished(
                "report-2026-Q3", Time, "2026-Q3", 123_456, Samples.Evidence, new string('a', 64), new string('b', 64), new string('c', 64), new string('d', 64)),
            "{\"checkpointRoot\":\"" + Samples.Evidence + "\",\"checkpointSize\":123456,\"csvSha256\":\"" + new string('c', 64) + "\"," +
            "\"htmlSha256\":\"" + new string('a', 64) + "\",\"id\":\"report-2026-Q3\",\"jsonSha256\":\"" + new string('b', 64) + "\"," +
            "\"kind\":\"ReportPublished\",\"quarter\":\"2026-Q3\"," + T + ",\"v\":1,\"xmlSha256\":\"" + new string('d', 64) + "\"}"
        },
        {
            "CheckpointAnchored",
            new CheckpointAnchored(
                "checkpoint-anchored/123456", Time, 123_456, Samples.Evidence, "main", new string('a', 64), new string('b', 64), 871_234, new string('c', 64)),
            "{\"blockHash\":\"" + new string('b', 64) + "\",\"blockHeight\":871234,\"checkpointRoot\":\"" + Samples.Evidence + "\"," +
            "\"checkpointSize\":123456,\"id\":\"checkpoint-anchored/123456\",\"kind\":\"CheckpointAnchored\",\"network\":\"main\"," +
            "\"proofSha256\":\"" + new string('c', 64) + "\"," + T + ",\"transactionId\":\"" + new string('a', 64) + "\",\"v\":1}"
        },
        {
            "WitnessRetired",
            new WitnessRetired(
                "witness-retired/witness-w1/0c7a3aac4b97ffd9439658ffdfe2f74cefbb0a96840fca8ec4ea1deb62bbdc39", Time, "witness-w1", "witness-w1+4b2a9c1e+AUx3Mv3Q4kJ8a9nJ6mGqJ0m0rBq7mHcUAe+8v0vW3X2b", "w1", "server-generated"),
            "{\"id\":\"witness-retired/witness-w1/0c7a3aac4b97ffd9439658ffdfe2f74cefbb0a96840fca8ec4ea1deb62bbdc39\",\"kind\":\"WitnessRetired\",\"reason\":\"server-generated\"," + T + "," +
            "\"v\":1,\"verifierKey\":\"witness-w1+4b2a9c1e+AUx3Mv3Q4kJ8a9nJ6mGqJ0m0rBq7mHcUAe+8v0vW3X2b\",\"watchdog\":\"w1\",\"witness\":\"witness-w1\"}"
        },
        {
            "SanctionsListLoaded",
            new SanctionsListLoaded(EntryIds.SanctionsListLoaded("OFAC-SDN", Samples.Evidence, 41), Time, "OFAC-SDN", new DateOnly(2026, 12, 1), Samples.Evidence, 14_965),
            "{\"entryCount\":14965,\"id\":\"sanctions-list-loaded/OFAC-SDN/" + Samples.Evidence + "/41\",\"kind\":\"SanctionsListLoaded\"," +
            "\"publicationDate\":\"2026-12-01\",\"sha256\":\"" + Samples.Evidence + "\",\"source\":\"OFAC-SDN\"," + T + ",\"v\":1}"
        },
        {
            "SanctionsListLoaded without a publication date",
            new SanctionsListLoaded(EntryIds.SanctionsListLoaded("OFAC-SDN", Samples.Evidence, null), Time, "OFAC-SDN", null, Samples.Evidence, 3),
            "{\"entryCount\":3,\"id\":\"sanctions-list-loaded/OFAC-SDN/" + Samples.Evidence + "/first\",\"kind\":\"SanctionsListLoaded\"," +
            "\"sha256\":\"" + Samples.Evidence + "\",\"source\":\"OFAC-SDN\"," + T + ",\"v\":1}"
        },
        {
            "CounterpartyRegistered",
            new CounterpartyRegistered("counterparty-registered/cpty-1", Time, "cpty-1", "agency-1", CounterpartyKind.FinancialServiceProvider, Samples.AcmePseudonym),
            "{\"agency\":\"agency-1\",\"counterparty\":\"cpty-1\",\"counterpartyKind\":\"financial-service-provider\",\"id\":\"counterparty-registered/cpty-1\"," +
            "\"kind\":\"CounterpartyRegistered\",\"name\":\"" + Samples.AcmePseudonym.Value + "\"," + T + ",\"v\":1}"
        },
        {
            "CounterpartyScreened hit",
            new CounterpartyScreened(EntryIds.CounterpartyScreened("cpty-1", Samples.Lists), Time, "cpty-1", Samples.Lists, 0.9312m, true, "OFAC-SDN:306"),
            "{\"counterparty\":\"cpty-1\",\"hit\":true,\"id\":\"counterparty-screened/cpty-1/" + EntryIds.ListsDigest(Samples.Lists) + "\",\"kind\":\"CounterpartyScreened\"," +
            "\"lists\":[\"OFAC-SDN:" + Samples.Evidence + "\"],\"matchedEntry\":\"OFAC-SDN:306\",\"score\":\"0.9312\"," + T + ",\"v\":1}"
        },
        {
            "CounterpartyScreened clear",
            new CounterpartyScreened(EntryIds.CounterpartyScreened("cpty-1", Samples.Lists), Time, "cpty-1", Samples.Lists, 0.5m, false, null),
            "{\"counterparty\":\"cpty-1\",\"hit\":false,\"id\":\"counterparty-screened/cpty-1/" + EntryIds.ListsDigest(Samples.Lists) + "\",\"kind\":\"CounterpartyScreened\"," +
            "\"lists\":[\"OFAC-SDN:" + Samples.Evidence + "\"],\"score\":\"0.5000\"," + T + ",\"v\":1}"
        },
        {
            "ScreeningCleared",
            new ScreeningCleared(EntryIds.ScreeningReviewed("cpty-1", Samples.Lists), Time, "cpty-1", "compliance-1", Samples.Lists, 1m, new string('e', 64)),
            "{\"by\":\"compliance-1\",\"counterparty\":\"cpty-1\",\"id\":\"screening-reviewed/cpty-1/" + EntryIds.ListsDigest(Samples.Lists) + "\",\"kind\":\"ScreeningCleared\"," +
            "\"lists\":[\"OFAC-SDN:" + Samples.Evidence + "\"],\"reasonSha256\":\"" + new string('e', 64) + "\",\"score\":\"1.0000\"," + T + ",\"v\":1}"
        },
        {
            "ScreeningConfirmed",
            new ScreeningConfirmed(EntryIds.ScreeningReviewed("cpty-1", Samples.Lists), Time, "cpty-1", "compliance-1", Samples.Lists, 0.88m, new string('e', 64)),
            "{\"by\":\"compliance-1\",\"counterparty\":\"cpty-1\",\"id\":\"screening-reviewed/cpty-1/" + EntryIds.ListsDigest(Samples.Lists) + "\",\"kind\":\"ScreeningConfirmed\"," +
            "\"lists\":[\"OFAC-SDN:" + Samples.Evidence + "\"],\"reasonSha256\":\"" + new string('e', 64) + "\",\"score\":\"0.8800\"," + T + ",\"v\":1}"
        },
        {
            "JurisdictionSanctioned",
            new JurisdictionSanctioned(EntryIds.JurisdictionSanctioned("SY", 0), Time, "SY", "31 CFR part 542", "admin"),
            "{\"by\":\"admin\",\"country\":\"SY\",\"id\":\"jurisdiction-sanctioned/SY/0\",\"kind\":\"JurisdictionSanctioned\",\"reference\":\"31 CFR part 542\"," + T + ",\"v\":1}"
        },
        {
            "JurisdictionLifted",
            new JurisdictionLifted(EntryIds.JurisdictionLifted("SY", 0), Time, "SY", "EO 14312", "compliance-1"),
            "{\"by\":\"compliance-1\",\"country\":\"SY\",\"id\":\"jurisdiction-lifted/SY/0\",\"kind\":\"JurisdictionLifted\",\"reference\":\"EO 14312\"," + T + ",\"v\":1}"
        },
        {
            "LicenceRecorded",
            new LicenceRecorded(
                EntryIds.LicenceRecorded("ofac-gl-25"), Time, "ofac-gl-25", "OFAC", "OFAC GL 25", ["SY"], ["72010", "12220"], ["vendor", "implementing-partner"],
                ["cpty-9"], Samples.Noon.AddDays(-30), new DateTimeOffset(2027, 5, 23, 4, 1, 0, TimeSpan.Zero), "admin"),
            "{\"authority\":\"OFAC\",\"by\":\"admin\",\"counterpartyKinds\":[\"implementing-partner\",\"vendor\"],\"countries\":[\"SY\"]," +
            "\"excludedCounterparties\":[\"cpty-9\"],\"expires\":\"2027-05-23T04:01:00Z\",\"id\":\"licence-recorded/ofac-gl-25\",\"issued\":\"2026-10-26T12:00:00Z\"," +
            "\"kind\":\"LicenceRecorded\",\"licence\":\"ofac-gl-25\",\"reference\":\"OFAC GL 25\",\"sectors\":[\"12220\",\"72010\"]," + T + ",\"v\":1}"
        },
        {
            "LicenceAmended with a new expiry",
            new LicenceAmended(EntryIds.LicenceAmended("ofac-gl-25", "gl-25a"), Time, "ofac-gl-25", "gl-25a", "OFAC GL 25A", "compliance-1", new DateTimeOffset(2027, 11, 23, 0, 0, 0, TimeSpan.Zero)),
            "{\"amendment\":\"gl-25a\",\"by\":\"compliance-1\",\"expires\":\"2027-11-23T00:00:00Z\",\"id\":\"licence-amended/ofac-gl-25/gl-25a\",\"kind\":\"LicenceAmended\"," +
            "\"licence\":\"ofac-gl-25\",\"reference\":\"OFAC GL 25A\"," + T + ",\"v\":1}"
        },
        {
            "LicenceAmended scope",
            new LicenceAmended(EntryIds.LicenceAmended("ofac-gl-25", "gl-25b"), Time, "ofac-gl-25", "gl-25b", "OFAC GL 25B", "admin", null, ["SY", "LB"], [], ["vendor"], []),
            "{\"amendment\":\"gl-25b\",\"by\":\"admin\",\"counterpartyKinds\":[\"vendor\"],\"countries\":[\"LB\",\"SY\"],\"excludedCounterparties\":[]," +
            "\"id\":\"licence-amended/ofac-gl-25/gl-25b\",\"kind\":\"LicenceAmended\",\"licence\":\"ofac-gl-25\",\"reference\":\"OFAC GL 25B\",\"sectors\":[]," + T + ",\"v\":1}"
        },
        {
            "LicenceRecorded excluding lists",
            new LicenceRecorded(
                EntryIds.LicenceRecorded("eu-derogation-7"), Time, "eu-derogation-7", "EU", "EU 2025/1000 art. 7", ["SY"], [], [], [], Samples.Noon.AddDays(-30),
                new DateTimeOffset(2027, 5, 23, 4, 1, 0, TimeSpan.Zero), "admin", ["UN-SC-CONSOLIDATED", "EU-FSF"]),
            "{\"authority\":\"EU\",\"by\":\"admin\",\"counterpartyKinds\":[],\"countries\":[\"SY\"],\"excludedCounterparties\":[]," +
            "\"excludedLists\":[\"EU-FSF\",\"UN-SC-CONSOLIDATED\"],\"expires\":\"2027-05-23T04:01:00Z\",\"id\":\"licence-recorded/eu-derogation-7\"," +
            "\"issued\":\"2026-10-26T12:00:00Z\",\"kind\":\"LicenceRecorded\",\"licence\":\"eu-derogation-7\",\"reference\":\"EU 2025/1000 art. 7\",\"sectors\":[]," + T + ",\"v\":1}"
        },
        {
            "LicenceAmended excluded lists",
            new LicenceAmended(EntryIds.LicenceAmended("ofac-gl-25", "gl-25c"), Time, "ofac-gl-25", "gl-25c", "OFAC GL 25C", "admin", excludedLists: ["OFAC-SDN"]),
            "{\"amendment\":\"gl-25c\",\"by\":\"admin\",\"excludedLists\":[\"OFAC-SDN\"],\"id\":\"licence-amended/ofac-gl-25/gl-25c\",\"kind\":\"LicenceAmended\"," +
            "\"licence\":\"ofac-gl-25\",\"reference\":\"OFAC GL 25C\"," + T + ",\"v\":1}"
        },
        {
            "LicenceAmended clearing the excluded lists",
            new LicenceAmended(EntryIds.LicenceAmended("ofac-gl-25", "gl-25d"), Time, "ofac-gl-25", "gl-25d", "OFAC GL 25D", "admin", excludedLists: []),
            "{\"amendment\":\"gl-25d\",\"by\":\"admin\",\"excludedLists\":[],\"id\":\"licence-amended/ofac-gl-25/gl-25d\",\"kind\":\"LicenceAmended\"," +
            "\"licence\":\"ofac-gl-25\",\"reference\":\"OFAC GL 25D\"," + T + ",\"v\":1}"
        },
        {
            "LicenceAttached",
            new LicenceAttached(EntryIds.LicenceAttached("budget-1", "ofac-gl-25"), Time, "ofac-gl-25", "budget-1", "donor-key-1"),
            "{\"budget\":\"budget-1\",\"by\":\"donor-key-1\",\"id\":\"licence-attached/budget-1/ofac-gl-25\",\"kind\":\"LicenceAttached\",\"licence\":\"ofac-gl-25\"," + T + ",\"v\":1}"
        },
        {
            "LicenceExpired",
            new LicenceExpired(EntryIds.LicenceExpired("ofac-gl-25", new DateTimeOffset(2027, 5, 23, 4, 1, 0, TimeSpan.Zero)), Time, "ofac-gl-25", new DateTimeOffset(2027, 5, 23, 4, 1, 0, TimeSpan.Zero)),
            "{\"expires\":\"2027-05-23T04:01:00Z\",\"id\":\"licence-expired/ofac-gl-25/20270523T040100Z\",\"kind\":\"LicenceExpired\",\"licence\":\"ofac-gl-25\"," + T + ",\"v\":1}"
        },
        {
            "VettingRequired",
            new VettingRequired("vetting-required/budget-1", Time, "budget-1", Samples.Eur("10000"), 7),
            "{\"budget\":\"budget-1\",\"currency\":\"EUR\",\"id\":\"vetting-required/budget-1\",\"kind\":\"VettingRequired\",\"maxWaitDays\":7," +
            "\"threshold\":\"10000.00\"," + T + ",\"v\":1}"
        },
        {
            "VetterRegistered",
            new VetterRegistered("vetter-registered/budget-1/watchdog-cs", Time, "budget-1", "watchdog-cs"),
            "{\"budget\":\"budget-1\",\"id\":\"vetter-registered/budget-1/watchdog-cs\",\"kind\":\"VetterRegistered\"," + T + ",\"v\":1,\"vetter\":\"watchdog-cs\"}"
        },
        {
            "PaymentListSubmitted",
            new PaymentListSubmitted(
                "payment-list-submitted/prog-1/list-7", Time, "budget-1", "prog-1", "agency-1", "list-7", Samples.Evidence, 3, Samples.Eur("75"), Samples.Noon.AddDays(7)),
            "{\"agency\":\"agency-1\",\"budget\":\"budget-1\",\"currency\":\"EUR\",\"expiresAt\":\"2026-12-02T12:00:00Z\",\"id\":\"payment-list-submitted/prog-1/list-7\"," +
            "\"kind\":\"PaymentListSubmitted\",\"list\":\"list-7\",\"program\":\"prog-1\",\"rows\":3,\"sha256\":\"" + Samples.Evidence + "\"," + T + ",\"total\":\"75.00\",\"v\":1}"
        },
        {
            "PaymentListVetted",
            new PaymentListVetted(
                "payment-list-vetted/prog-1/list-7", Time, "budget-1", "prog-1", "list-7", "watchdog-cs", ["r-2", "r-1"],
                new Dictionary<string, string> { ["r-3"] = RowRefusalReasons.DuplicateBeneficiary }),
            "{\"approved\":[\"r-1\",\"r-2\"],\"budget\":\"budget-1\",\"id\":\"payment-list-vetted/prog-1/list-7\",\"kind\":\"PaymentListVetted\",\"list\":\"list-7\"," +
            "\"program\":\"prog-1\",\"refused\":[\"r-3=duplicate-beneficiary\"]," + T + ",\"v\":1,\"vetter\":\"watchdog-cs\"}"
        },
        {
            "PaymentListExpired",
            new PaymentListExpired("payment-list-expired/prog-1/list-7", Time, "budget-1", "prog-1", "list-7"),
            "{\"budget\":\"budget-1\",\"id\":\"payment-list-expired/prog-1/list-7\",\"kind\":\"PaymentListExpired\",\"list\":\"list-7\",\"program\":\"prog-1\"," + T + ",\"v\":1}"
        },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void WritesTheCanonicalBytes(string name, LedgerEntry entry, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(entry.ToCanonicalJson()));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), entry.ToCanonicalJson());
        Assert.StartsWith(entry.Kind, name, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void ParsesBackToTheSameEntryAndBytes(string name, LedgerEntry entry, string expected)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(expected);

        LedgerEntry parsed = LedgerEntryParser.Parse(bytes);

        Assert.Equal(entry, parsed);
        Assert.Equal(entry.GetType(), parsed.GetType());
        Assert.Equal(bytes, parsed.ToCanonicalJson());
        Assert.Equal(Samples.Noon, parsed.Time);
        Assert.NotNull(name);
    }

    [Fact]
    public void CoversEveryKindTheParserKnows()
    {
        HashSet<string> covered = [.. Golden().Select(row => row.Data.Item2.Kind)];

        Assert.Equal(LedgerEntryParser.KnownKinds.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }
}
