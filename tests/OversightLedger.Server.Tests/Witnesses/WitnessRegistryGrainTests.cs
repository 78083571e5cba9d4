using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Server.Tests.Witnesses;

/// <summary>
/// Every method of the witness registry, called through the cluster client so that each argument and result crosses
/// the wire (a type without a serializer fails here, not in production).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class WitnessRegistryGrainTests(LedgerClusterFixture fixture)
{
    private IWitnessRegistryGrain Registry => fixture.Client.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key);

    [Fact]
    public async Task Registering_finding_and_listing_a_witness()
    {
        using var witness = TestWitness.Create("registry");
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);

        WitnessRegistration registered = await Registry.RegisterAsync(witness.Name, witness.VerifierKey, "watchdog:w1");

        Assert.Equal(WitnessRegistrationOutcome.Registered, registered.Outcome);
        Assert.True(registered.IsAccepted);
        Assert.NotNull(registered.Record);
        Assert.Equal(witness.Name, registered.Record.Name);
        Assert.Equal(witness.VerifierKey, registered.Record.VerifierKey);
        Assert.Equal("watchdog:w1", registered.Record.Owner);
        Assert.InRange(registered.Record.RegisteredAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(registered.Record, await Registry.FindAsync(witness.Name));
        Assert.Contains(registered.Record, await Registry.ListAsync());
        Assert.Null(await Registry.FindAsync(witness.Name + "-unknown"));
    }

    [Fact]
    public async Task The_same_registration_changes_nothing_and_the_owner_may_replace_the_key()
    {
        using var witness = TestWitness.Create("rotate");
        WitnessRegistration first = await Registry.RegisterAsync(witness.Name, witness.VerifierKey, "watchdog:w1");

        WitnessRegistration again = await Registry.RegisterAsync(witness.Name, " " + witness.VerifierKey + "\n", "watchdog:w1");
        Assert.Equal(new WitnessRegistration(WitnessRegistrationOutcome.Unchanged, first.Record), again);

        string newKey = WitnessKeys.Generate("witness.example.org/" + witness.Name + "-2").VerifierKey;
        WitnessRegistration replaced = await Registry.RegisterAsync(witness.Name, newKey, "watchdog:w1");
        Assert.Equal(WitnessRegistrationOutcome.KeyReplaced, replaced.Outcome);
        Assert.Equal(newKey, (await Registry.FindAsync(witness.Name))!.VerifierKey);
        Assert.Single(await Registry.ListAsync(), w => w.Name == witness.Name);
    }

    [Fact]
    public async Task Another_owner_cannot_take_the_name_and_another_witness_cannot_take_the_key()
    {
        using var witness = TestWitness.Create("owned");
        WitnessRegistration first = await Registry.RegisterAsync(witness.Name, witness.VerifierKey, "watchdog:w1");

        WitnessRegistration otherOwner = await Registry.RegisterAsync(witness.Name, witness.VerifierKey, "watchdog:w2");
        WitnessRegistration sameKey = await Registry.RegisterAsync(witness.Name + "-copy", witness.VerifierKey, "watchdog:w1");

        Assert.Equal(new WitnessRegistration(WitnessRegistrationOutcome.NameTaken, first.Record), otherOwner);
        Assert.False(otherOwner.IsAccepted);
        Assert.Equal(new WitnessRegistration(WitnessRegistrationOutcome.KeyTaken, first.Record), sameKey);
        Assert.Null(await Registry.FindAsync(witness.Name + "-copy"));
        Assert.Equal(first.Record, await Registry.FindAsync(witness.Name));
    }

    [Fact]
    public async Task A_key_that_is_not_a_cosignature_key_is_refused_and_nothing_is_stored()
    {
        using var witness = TestWitness.Create("bad-key");
        string name = witness.Name;

        // A log's (type 0x01) verifier key cannot verify cosignatures.
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.RegisterAsync(name, fixture.Directory.VerifierKey, "watchdog:w1"));
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.RegisterAsync(name, "not a key", "watchdog:w1"));

        Assert.Null(await Registry.FindAsync(name));
    }
}
