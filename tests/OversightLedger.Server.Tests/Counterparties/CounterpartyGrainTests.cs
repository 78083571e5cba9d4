using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Counterparties;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Grains.Sanctions;
using OversightLedger.Sanctions;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Counterparties;

/// <summary>
/// Counterparties through the cluster client (every argument and result crosses the wire): screening on registration
/// against the OFAC SDN sample loaded in every silo, a hit blocking the program's payments until a compliance reviewer
/// clears it, a confirmed hit blocking for good, agencies kept to their own counterparties, list versions recorded once.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class CounterpartyGrainTests(LedgerClusterFixture fixture)
{
    private const string ListedName = "Gaddafi International Charity & Development Foundation";
    private static readonly ProgramSecret Secret = ProgramSecret.FromBytes(new byte[32]);
    private static readonly string Reason = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("namesake: other registration"u8));

    private void LoadSampleListInEverySilo()
    {
        SanctionsList list = OfacSdnCsvParser.ParseDirectory(SharedSanctionsData.Path("ofac-sdn-csv-sample"));
        foreach (SiloHandle silo in fixture.Cluster.Silos)
        {
            SanctionsLists lists = ((InProcessSiloHandle)silo).ServiceProvider.GetRequiredService<SanctionsLists>();
            if (lists.Current?.VersionNames.Contains($"{list.Version.Source}:{list.Version.Sha256}") != true)
            {
                lists.Replace(list);
            }
        }
    }

    private static RegisterCounterpartyCommand Command(string name, string kind = "vendor") =>
        new(kind, CounterpartyPseudonym.Derive(Secret, name).Value, name, null, null, null);

    private ICounterpartyGrain Counterparty(string key) => fixture.Client.GetGrain<ICounterpartyGrain>($"cpty-{key}-{Guid.NewGuid():N}"[..40]);

    [Fact]
    public async Task A_hit_blocks_the_programs_payments_until_compliance_clears_it()
    {
        LoadSampleListInEverySilo();
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "cpty-hit").WithTranche("t1", "1000.00").BuildAsync();
        ICounterpartyGrain counterparty = Counterparty("hit");
        string id = counterparty.GetPrimaryKeyString();

        CounterpartyRegistration registration = await counterparty.RegisterAsync(LedgerActors.Agency, Command(ListedName));

        Assert.True(registration.Result.Accepted, registration.Result.Message);
        CounterpartyView view = registration.View!;
        Assert.Equal("hit", view.Status);
        Assert.True(view.Blocked);
        Assert.Equal("OFAC-SDN:12685", view.MatchedEntry);
        Assert.Equal("OFAC-SDN:12685", view.Matches[0].Entry);
        Assert.Contains("GADDAFI", view.Matches[0].ListedName, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(view.Matches[0].Explanation));
        Assert.Equal(ListedName, view.Name);

        // The registration entry holds the pseudonym, never the name; the screening names the list entry by its id only.
        string registered = Encoding.UTF8.GetString(registration.Result.Entry!);
        Assert.Contains(CounterpartyPseudonym.Derive(Secret, ListedName).Value, registered, StringComparison.Ordinal);
        Assert.DoesNotContain("GADDAFI", registered, StringComparison.OrdinalIgnoreCase);

        DisburseCommand payment = scenario.Payment(0, "10.00") with { Counterparty = id };
        LedgerResult refused = await scenario.Program().DisburseAsync(LedgerActors.Agency, payment);
        Assert.Equal(RejectionCode.CounterpartyBlocked, refused.RejectionCode);
        Assert.Null(await fixture.AuditLog.FindAsync(scenario.EntryIdOf(payment)));

        // Compliance for another agency may not review it; an agency key is not a reviewer at all (the API only lets compliance keys here).
        Assert.Equal(LedgerResult.Forbidden, (await counterparty.ReviewAsync(new ComplianceReviewer("compliance:other", "agency:a2"), clear: true, Reason)).RejectionCode);

        LedgerResult cleared = await counterparty.ReviewAsync(new ComplianceReviewer("compliance:c1", LedgerActors.Agency.Principal), clear: true, Reason);
        Assert.True(cleared.Accepted, cleared.Message);
        ScreeningCleared entry = Assert.IsType<ScreeningCleared>(LedgerEntryParser.Parse(cleared.Entry!));
        Assert.Equal("compliance:c1", entry.By);
        Assert.Equal(Reason, entry.ReasonSha256);
        Assert.Equal(cleared.LeafIndex, (await counterparty.ReviewAsync(new ComplianceReviewer("compliance:c1", null), clear: true, Reason)).LeafIndex);

        LedgerResult paid = await scenario.Program().DisburseAsync(LedgerActors.Agency, payment);
        Assert.True(paid.Accepted, paid.Message);
        Assert.Equal(id, Assert.IsType<Disbursed>(LedgerEntryParser.Parse(paid.Entry!)).Counterparty);
        Assert.Equal("cleared", (await counterparty.GetAsync())!.Status);

        // A payment naming no counterparty writes none (its bytes are those of an entry from before issue 16).
        LedgerResult plain = await scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "10.00"));
        Assert.True(plain.Accepted, plain.Message);
        Assert.DoesNotContain("counterparty", Encoding.UTF8.GetString(plain.Entry!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescreening_screens_nothing_again_against_the_versions_it_was_screened_against_and_nothing_unregistered()
    {
        LoadSampleListInEverySilo();
        ICounterpartyGrain counterparty = Counterparty("rescreen");
        CounterpartyRegistration registration = await counterparty.RegisterAsync(LedgerActors.Agency, Command(ListedName));
        Assert.True(registration.Result.Accepted, registration.Result.Message);

        CounterpartyRescreening same = await counterparty.RescreenAsync();
        CounterpartyRescreening unregistered = await Counterparty("never").RescreenAsync();

        Assert.Equal(new CounterpartyRescreening(false, true, true), same);
        Assert.False(same.IsNewHit);
        Assert.Equal(new CounterpartyRescreening(false, false, false), unregistered);
    }

    [Fact]
    public async Task Rescreening_after_a_list_change_screens_again_only_those_the_change_can_affect()
    {
        LoadSampleListInEverySilo();
        SanctionsList sample = OfacSdnCsvParser.ParseDirectory(SharedSanctionsData.Path("ofac-sdn-csv-sample"));
        ICounterpartyGrain listedThenDropped = Counterparty("dropped");
        ICounterpartyGrain listedLater = Counterparty("added");
        ICounterpartyGrain untouched = Counterparty("untouched");
        const string LaterName = "Quillon Marsh Trading Company";
        Assert.True((await listedThenDropped.RegisterAsync(LedgerActors.Agency, Command(ListedName))).Result.Accepted);
        Assert.True((await listedLater.RegisterAsync(LedgerActors.Agency, Command(LaterName))).Result.Accepted);
        Assert.True((await untouched.RegisterAsync(LedgerActors.Agency, Command("Zebulon Orchard Cooperative"))).Result.Accepted);
        Assert.Equal("clear", (await listedLater.GetAsync())!.Status);

        // The next version drops the entry the first one matched and lists a company named as the second.
        SanctionsEntry added = new("99999901", "QUILLON MARSH TRADING COMPANY", EntryKind.Entity, ["SDGT"], [], ["Libya"], [], [], "");
        string sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("next version " + Guid.NewGuid())));
        var next = new SanctionsList(
            sample.Version with { Sha256 = sha256 },
            [.. sample.Entries.Where(e => e.Id != "12685").Append(added)]);
        try
        {
            foreach (SiloHandle silo in fixture.Cluster.Silos)
            {
                ((InProcessSiloHandle)silo).ServiceProvider.GetRequiredService<SanctionsLists>().Replace(next);
            }

            ulong before = await fixture.TreeSizeAsync();
            CounterpartyRescreening dropped = await listedThenDropped.RescreenAsync();
            CounterpartyRescreening listed = await listedLater.RescreenAsync();
            CounterpartyRescreening unaffected = await untouched.RescreenAsync();

            Assert.Equal(new CounterpartyRescreening(true, false, true), dropped);
            Assert.Equal(new CounterpartyRescreening(true, true, false), listed);
            Assert.True(listed.IsNewHit);
            Assert.Equal(new CounterpartyRescreening(false, false, false, Unaffected: true), unaffected);
            // One screening logged for each of the two, none for the counterparty the change cannot affect.
            Assert.Single(await fixture.AuditLog.GetSubjectEntriesAsync(LogSubjects.Counterparty(listedThenDropped.GetPrimaryKeyString()), before));
            Assert.Single(await fixture.AuditLog.GetSubjectEntriesAsync(LogSubjects.Counterparty(listedLater.GetPrimaryKeyString()), before));
            Assert.Empty(await fixture.AuditLog.GetSubjectEntriesAsync(LogSubjects.Counterparty(untouched.GetPrimaryKeyString()), before));
            Assert.Equal("OFAC-SDN:99999901", (await listedLater.GetAsync())!.MatchedEntry);
            Assert.Equal("clear", (await listedThenDropped.GetAsync())!.Status);
        }
        finally
        {
            LoadSampleListInEverySilo();
        }
    }

    [Fact]
    public async Task A_confirmed_hit_stays_blocked_and_cannot_be_cleared_afterwards()
    {
        LoadSampleListInEverySilo();
        ICounterpartyGrain counterparty = Counterparty("confirmed");
        Assert.True((await counterparty.RegisterAsync(LedgerActors.Agency, Command(ListedName, "implementing-partner"))).Result.Accepted);

        LedgerResult confirmed = await counterparty.ReviewAsync(new ComplianceReviewer("compliance:all", null), clear: false, Reason);

        Assert.IsType<ScreeningConfirmed>(LedgerEntryParser.Parse(confirmed.Entry!));
        Assert.Equal(RejectionCode.AlreadyReviewed, (await counterparty.ReviewAsync(new ComplianceReviewer("compliance:all", null), clear: true, Reason)).RejectionCode);
        CounterpartyPaymentCheck check = await counterparty.CheckPaymentAsync(LedgerActors.Agency.Principal);
        Assert.False(check.Allowed);
        Assert.Equal(RejectionCode.CounterpartyBlocked, check.RejectionCode);
        Assert.Equal("confirmed", (await counterparty.GetAsync())!.Status);

        // Rebuilt from the log (status, review) and from private storage (the name, the matches) on a new activation.
        CounterpartyView before = (await counterparty.GetAsync())!;
        await fixture.Cluster.DeactivateAsync(counterparty);
        CounterpartyView after = (await counterparty.GetAsync())!;
        Assert.Equal("confirmed", after.Status);
        Assert.Equal("compliance:all", after.ReviewedBy);
        Assert.Equal(ListedName, after.Name);
        Assert.Equal(before.Matches, after.Matches, (a, b) => a == b || a.Entry == b.Entry && a.Score == b.Score && a.Explanation == b.Explanation);
        Assert.Equal(before.Lists, after.Lists);
    }

    [Fact]
    public async Task A_clear_counterparty_is_payable_by_its_agency_only_and_has_nothing_to_review()
    {
        LoadSampleListInEverySilo();
        ICounterpartyGrain counterparty = Counterparty("clear");
        RegisterCounterpartyCommand command = Command("Harbour Road Bakery Cooperative", "organisation-payee");

        CounterpartyRegistration first = await counterparty.RegisterAsync(LedgerActors.Agency, command);
        CounterpartyRegistration again = await counterparty.RegisterAsync(LedgerActors.Agency, command);

        Assert.Equal("clear", first.View!.Status);
        Assert.Null(first.View.MatchedEntry);
        Assert.Equal(first.Result.LeafIndex, again.Result.LeafIndex);
        Assert.Equal(RejectionCode.CounterpartyExists, (await counterparty.RegisterAsync(LedgerActors.OtherAgency, command)).Result.RejectionCode);
        Assert.Equal(RejectionCode.InvalidRequest, (await Counterparty("kind").RegisterAsync(LedgerActors.Agency, command with { Kind = "2" })).Result.RejectionCode);
        Assert.True((await counterparty.CheckPaymentAsync(LedgerActors.Agency.Principal)).Allowed);
        Assert.Equal(LedgerResult.Forbidden, (await counterparty.CheckPaymentAsync(LedgerActors.OtherAgency.Principal)).RejectionCode);
        Assert.Equal(RejectionCode.UnknownCounterparty, (await Counterparty("unknown").CheckPaymentAsync(LedgerActors.Agency.Principal)).RejectionCode);
        Assert.Null(await Counterparty("unknown").GetAsync());
        Assert.Equal(RejectionCode.NoHitToReview, (await counterparty.ReviewAsync(new ComplianceReviewer("compliance:all", null), clear: true, Reason)).RejectionCode);
    }

    [Fact]
    public async Task Another_agencys_program_cannot_pay_the_counterparty()
    {
        LoadSampleListInEverySilo();
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "cpty-other").WithTranche("t1", "1000.00").BuildAsync();
        ICounterpartyGrain counterparty = Counterparty("other");
        Assert.True((await counterparty.RegisterAsync(LedgerActors.OtherAgency, Command("Harbour Road Bakery Cooperative"))).Result.Accepted);

        DisburseCommand payment = scenario.Payment(0, "10.00") with { Counterparty = counterparty.GetPrimaryKeyString() };
        DisburseCommand unknown = scenario.Payment(1, "10.00") with { Counterparty = "cpty-never-registered" };
        LedgerResult[] results = await scenario.Program().DisburseManyAsync(LedgerActors.Agency, [payment, unknown, scenario.Payment(2, "10.00")]);

        Assert.Equal([LedgerResult.Forbidden, RejectionCode.UnknownCounterparty, null], results.Select(r => r.RejectionCode));
    }

    [Fact]
    public async Task Racing_registrations_are_one_counterparty_and_racing_reviews_record_one_decision()
    {
        LoadSampleListInEverySilo();
        string id = Counterparty("race").GetPrimaryKeyString();
        RegisterCounterpartyCommand command = Command(ListedName);

        // The same registration through every gateway and silo at once: one entry, one screening.
        CounterpartyRegistration[] registrations = await Task.WhenAll(
            fixture.GrainFactories.SelectMany(g => Enumerable.Range(0, 3).Select(_ => g.GetGrain<ICounterpartyGrain>(id).RegisterAsync(LedgerActors.Agency, command))));
        Assert.All(registrations, r => Assert.True(r.Result.Accepted, r.Result.Message));
        Assert.Single(registrations.Select(r => r.Result.LeafIndex).Distinct());
        Assert.Single(registrations.Select(r => r.View!.Score).Distinct());

        // A clear and a confirm racing from two reviewers: exactly one is recorded, the other is told it was already reviewed.
        LedgerResult[] reviews = await Task.WhenAll(
            fixture.GrainFactories[1].GetGrain<ICounterpartyGrain>(id).ReviewAsync(new ComplianceReviewer("compliance:a", null), clear: true, Reason),
            fixture.GrainFactories[2].GetGrain<ICounterpartyGrain>(id).ReviewAsync(new ComplianceReviewer("compliance:b", null), clear: false, Reason));
        Assert.Single(reviews, r => r.Accepted);
        Assert.Single(reviews, r => r.RejectionCode == RejectionCode.AlreadyReviewed);
        string status = (await fixture.Client.GetGrain<ICounterpartyGrain>(id).GetAsync())!.Status;
        Assert.Equal(reviews[0].Accepted ? "cleared" : "confirmed", status);
    }

    [Fact]
    public async Task A_list_version_is_recorded_once_and_again_after_each_change()
    {
        string source = $"TEST-{Guid.NewGuid():N}"[..20];
        ISanctionsListGrain list = fixture.Client.GetGrain<ISanctionsListGrain>(source);
        string a = new('a', 64), b = new('b', 64);

        LedgerResult first = await list.RecordLoadAsync(new LoadedListVersion(source, null, a, 17));
        LedgerResult same = await list.RecordLoadAsync(new LoadedListVersion(source, null, a, 17));
        LedgerResult changed = await list.RecordLoadAsync(new LoadedListVersion(source, "2026-12-01", b, 18));
        LedgerResult back = await list.RecordLoadAsync(new LoadedListVersion(source, null, a, 17));

        Assert.True(first.Accepted && changed.Accepted && back.Accepted);
        Assert.Equal(first.LeafIndex, same.LeafIndex);
        Assert.NotEqual(first.LeafIndex, changed.LeafIndex);
        Assert.NotEqual(first.EntryId, back.EntryId);
        LoadedListVersion[] history = await list.GetHistoryAsync();
        Assert.Equal([a, b, a], history.Select(h => h.Sha256));
        Assert.Equal("2026-12-01", history[1].PublicationDate);
        Assert.Equal(RejectionCode.InvalidRequest, (await list.RecordLoadAsync(new LoadedListVersion("OTHER", null, a, 1))).RejectionCode);
    }
}
