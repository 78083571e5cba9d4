using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Counterparties;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Licences;
using OversightLedger.Grains.Programs;
using OversightLedger.Grains.Sanctions;
using OversightLedger.Sanctions;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Licences;

/// <summary>
/// The licence registry through the cluster client (every argument and result crosses the wire): jurisdictions declared
/// and lifted, licences recorded, amended (two amendments racing), attached by the budget's owner only, checked on the
/// disbursement path of a program grain (<c>unlicensed</c> outside, paid inside), and expired by the daily pass.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class LicenceRegistryGrainTests(LedgerClusterFixture fixture)
{
    private const string Country = "KP";

    private ILicenceRegistryGrain Registry => fixture.Client.GetGrain<ILicenceRegistryGrain>(LicenceRegistryKeys.Ledger);

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

    private static string NewId(string kind) => $"{kind}-{Guid.NewGuid():N}"[..(kind.Length + 13)];

    private static RecordLicenceCommand Licence(string id, DateTimeOffset issued, DateTimeOffset expires, string[]? sectors = null, string[]? kinds = null) =>
        new(id, "OFAC", "OFAC GL test", [Country], sectors ?? ["72010"], kinds ?? [], [], issued, expires);

    [Fact]
    public async Task A_payment_into_a_sanctioned_jurisdiction_is_paid_only_inside_an_attached_licence_in_force()
    {
        LoadSampleListInEverySilo();
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "lic-pay").WithCountry(Country).WithTranche("t1", "1000.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        try
        {
            LedgerResult sanctioned = await Registry.SanctionJurisdictionAsync(LedgerActors.Admin, Country, "EO 13466");
            Assert.True(sanctioned.Accepted, sanctioned.Message);
            Assert.Equal(sanctioned.LeafIndex, (await Registry.SanctionJurisdictionAsync(LedgerActors.Admin, Country, "EO 13466")).LeafIndex);
            Assert.Contains(await Registry.ListJurisdictionsAsync(), j => j.Country == Country && j.Reference == "EO 13466" && j.By == LedgerActors.Admin.Principal);

            DisburseCommand first = scenario.Payment(0, "10.00");
            LedgerResult refused = await program.DisburseAsync(LedgerActors.Agency, first);
            Assert.Equal(RejectionCode.Unlicensed, refused.RejectionCode);
            Assert.Contains("no licence attached", refused.Message, StringComparison.Ordinal);
            Assert.Null(await fixture.AuditLog.FindAsync(scenario.EntryIdOf(first)));

            string licence = NewId("gl");
            LedgerResult recorded = await Registry.RecordAsync(LedgerActors.Admin, Licence(licence, now.AddDays(-1), now.AddDays(60)));
            Assert.True(recorded.Accepted, recorded.Message);
            Assert.Equal(LicenceRecorded.KindName, LedgerEntryParser.Parse(recorded.Entry!).Kind);

            // Attaching: the budget's owner or an admin only; a budget that does not exist; a licence that does not exist.
            Assert.Equal(LedgerResult.Forbidden, (await Registry.AttachAsync(LedgerActors.OtherDonor, licence, scenario.BudgetId)).RejectionCode);
            Assert.Equal(RejectionCode.UnknownBudget, (await Registry.AttachAsync(LedgerActors.Donor, licence, "b-none")).RejectionCode);
            Assert.Equal(RejectionCode.UnknownLicence, (await Registry.AttachAsync(LedgerActors.Donor, "gl-none", scenario.BudgetId)).RejectionCode);
            LedgerResult attached = await Registry.AttachAsync(LedgerActors.Donor, licence, scenario.BudgetId);
            Assert.True(attached.Accepted, attached.Message);

            LedgerResult paid = await program.DisburseAsync(LedgerActors.Agency, first);
            Assert.True(paid.Accepted, paid.Message);
            LedgerResult otherSector = await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "10.00") with { Sector = "12220" });
            Assert.Equal(RejectionCode.Unlicensed, otherSector.RejectionCode);
            Assert.Contains("does not cover the purpose 12220", otherSector.Message, StringComparison.Ordinal);

            // A licence limited to vendors: a payment naming a registered, cleared financial service provider is outside it.
            LedgerResult narrowed = await Registry.AmendAsync(LedgerActors.Admin, licence, new AmendLicenceCommand("vendors-only", "OFAC GL test A", null, null, null, ["vendor"], null));
            Assert.True(narrowed.Accepted, narrowed.Message);
            ICounterpartyGrain bank = fixture.Client.GetGrain<ICounterpartyGrain>(NewId("cpty-bank"));
            CounterpartyRegistration registration = await bank.RegisterAsync(
                LedgerActors.Agency,
                new RegisterCounterpartyCommand("financial-service-provider", CounterpartyPseudonym.Derive(ProgramSecret.FromBytes(new byte[32]), "Harbour Savings").Value, "Harbour Savings", null, null, null));
            Assert.True(registration.Result.Accepted, registration.Result.Message);
            Assert.False(registration.View!.Blocked, registration.View.Status);

            LedgerResult viaBank = await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(2, "10.00") with { Counterparty = bank.GetPrimaryKeyString() });
            Assert.Equal(RejectionCode.Unlicensed, viaBank.RejectionCode);
            Assert.Contains("financial-service-provider", viaBank.Message, StringComparison.Ordinal);

            LicenceView view = (await Registry.GetAsync(licence, DateTimeOffset.UtcNow))!;
            Assert.Equal("in-force", view.Status);
            Assert.Equal([scenario.BudgetId], view.Budgets);
            Assert.Equal(["vendors-only"], view.Amendments);
            Assert.Equal(["vendor"], view.CounterpartyKinds);
            Assert.Contains(await Registry.ListAsync(DateTimeOffset.UtcNow), l => l.Licence == licence);
            Assert.Null(await Registry.GetAsync("gl-none", DateTimeOffset.UtcNow));

            LicenceCheckOutcome[] checks = await Registry.CheckAsync(
                [new LicenceCheck(scenario.BudgetId, Country, "72010", null, null), new LicenceCheck(scenario.BudgetId, "SD", "12220", null, null),
                 new LicenceCheck(scenario.BudgetId, Country, "72010", "cpty-x", "financial-service-provider")],
                DateTimeOffset.UtcNow);
            Assert.Equal([true, true, false], checks.Select(c => c.Allowed));
            Assert.Equal(licence, checks[0].Licence);
            Assert.Null(checks[1].Licence);
            Assert.Equal(RejectionCode.Unlicensed, checks[2].RejectionCode);
        }
        finally
        {
            LedgerResult lifted = await Registry.LiftJurisdictionAsync(LedgerActors.Admin, Country, "test over");
            Assert.True(lifted.Accepted, lifted.Message);
        }

        Assert.DoesNotContain(await Registry.ListJurisdictionsAsync(), j => j.Country == Country);
        Assert.True((await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "10.00") with { Sector = "12220" })).Accepted);
        Assert.Equal(RejectionCode.NotSanctioned, (await Registry.LiftJurisdictionAsync(LedgerActors.Admin, Country, "again, otherwise")).RejectionCode);
    }

    [Fact]
    public async Task Two_amendments_racing_under_one_id_record_one_and_refuse_the_other_and_bad_input_changes_nothing()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string licence = NewId("gl-race");
        Assert.True((await Registry.RecordAsync(LedgerActors.Admin, Licence(licence, now.AddDays(-1), now.AddDays(10)))).Accepted);
        ulong size = await fixture.TreeSizeAsync();

        LedgerResult[] raced = await Task.WhenAll(
            Registry.AmendAsync(LedgerActors.Admin, licence, new AmendLicenceCommand("a1", "GL A", now.AddDays(40), null, null, null, null)),
            Registry.AmendAsync(LedgerActors.Admin, licence, new AmendLicenceCommand("a1", "GL A", now.AddDays(50), null, null, null, null)));

        Assert.Single(raced, r => r.Accepted);
        Assert.Single(raced, r => r.RejectionCode == RejectionCode.Duplicate);
        Assert.Equal(size + 1, await fixture.TreeSizeAsync());

        // Different amendment ids racing: both recorded, in turn.
        LedgerResult[] both = await Task.WhenAll(
            Registry.AmendAsync(LedgerActors.Admin, licence, new AmendLicenceCommand("a2", "GL B", null, null, ["72010", "12220"], null, null)),
            Registry.AmendAsync(LedgerActors.Admin, licence, new AmendLicenceCommand("a3", "GL C", null, null, null, null, ["cpty-x"])));
        Assert.All(both, r => Assert.True(r.Accepted, r.Message));
        LicenceView view = (await Registry.GetAsync(licence, DateTimeOffset.UtcNow))!;
        Assert.Equal(["12220", "72010"], view.Sectors);
        Assert.Equal(["cpty-x"], view.ExcludedCounterparties);

        size = await fixture.TreeSizeAsync();
        Assert.Equal(RejectionCode.InvalidRequest, (await Registry.AmendAsync(LedgerActors.Admin, licence, new AmendLicenceCommand("a4", "GL", now.AddDays(-5), null, null, null, null))).RejectionCode);
        Assert.Equal(RejectionCode.InvalidRequest, (await Registry.AmendAsync(LedgerActors.Admin, licence, new AmendLicenceCommand("a4", "GL", null, null, null, null, null))).RejectionCode);
        Assert.Equal(RejectionCode.InvalidRequest, (await Registry.AmendAsync(LedgerActors.Admin, licence, new AmendLicenceCommand("a4", "GL", null, ["XX"], null, null, null))).RejectionCode);
        Assert.Equal(RejectionCode.UnknownLicence, (await Registry.AmendAsync(LedgerActors.Admin, "gl-none", new AmendLicenceCommand("a4", "GL", now.AddDays(90), null, null, null, null))).RejectionCode);
        Assert.Equal(RejectionCode.InvalidRequest, (await Registry.RecordAsync(LedgerActors.Admin, Licence(NewId("gl"), now, now.AddDays(-1)))).RejectionCode);
        Assert.Equal(RejectionCode.InvalidRequest, (await Registry.RecordAsync(LedgerActors.Admin, Licence(NewId("gl"), now, now.AddDays(1), kinds: ["2"]))).RejectionCode);
        Assert.Equal(RejectionCode.Duplicate, (await Registry.RecordAsync(LedgerActors.Admin, Licence(licence, now, now.AddDays(1)))).RejectionCode);
        Assert.Equal(RejectionCode.InvalidRequest, (await Registry.SanctionJurisdictionAsync(LedgerActors.Admin, "XX", "basis")).RejectionCode);
        Assert.Equal(size, await fixture.TreeSizeAsync());
    }

    [Fact]
    public async Task The_daily_pass_logs_each_expiry_once_and_reports_those_nearing_it()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string expired = NewId("gl-exp"), nearing = NewId("gl-near");
        Assert.True((await Registry.RecordAsync(LedgerActors.Admin, Licence(expired, now.AddDays(-30), now.AddSeconds(-1)))).Accepted);
        Assert.True((await Registry.RecordAsync(LedgerActors.Admin, Licence(nearing, now.AddDays(-30), now.AddDays(10)))).Accepted);

        LicenceExpiryOutcome[] outcomes = await Registry.ApplyExpiriesAsync(DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
        LicenceExpiryOutcome[] again = await Registry.ApplyExpiriesAsync(DateTimeOffset.UtcNow, TimeSpan.FromDays(30));

        LicenceExpiryOutcome logged = Assert.Single(outcomes, o => o.Licence == expired);
        Assert.True(logged.Expired);
        Assert.NotNull(logged.LeafIndex);
        Assert.True(Assert.Single(outcomes, o => o.Licence == nearing).NearingExpiry);
        Assert.DoesNotContain(again, o => o.Licence == expired);
        Assert.True(Assert.Single(again, o => o.Licence == nearing).NearingExpiry);
        LicenceView view = (await Registry.GetAsync(expired, DateTimeOffset.UtcNow))!;
        Assert.Equal("expired", view.Status);
        Assert.True(view.ExpiryLogged);
        Assert.Equal(EntryIds.LicenceExpired(expired, view.Expires), await fixture.AuditLog.FindAsync(EntryIds.LicenceExpired(expired, view.Expires)) is { } leaf && leaf == logged.LeafIndex ? EntryIds.LicenceExpired(expired, view.Expires) : null);
    }
}
