using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.Snapshots;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Programs;

/// <summary>
/// Issue 17, item 2: a log-backed program (what its grain holds) keeps no committed disbursement's facts beyond those
/// applied since its last snapshot and those recalled from the log; with every disbursement a decision names recalled
/// first, as the grain does, it decides and applies exactly as a program that keeps them all, and its snapshot is a few
/// bytes per disbursement.
/// </summary>
public class LogBackedProgramTests
{
    private static readonly BeneficiaryPseudonym[] People = [Samples.Alice, Samples.Bob, Samples.Carol];

    [Property(MaxTest = 200)]
    public void Restoring_a_log_backed_snapshot_then_replaying_the_rest_equals_a_full_replay((byte Operation, byte Pick, ushort Amount)[] operations, byte split)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = StateSnapshotPropertyTests.RandomHistory(operations ?? []);
        int taken = split % (log.Count + 1);
        BeneficiaryProgram full = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log).Programs[LedgerScenario.ProgramId];

        // The grain: replay up to the snapshot, write it (holding nothing below it), restore it, recall what the rest names.
        BeneficiaryProgram before = Replayed(BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId), log.Take(taken));
        before.MarkAppliedBelow((ulong)taken);
        byte[] snapshot = before.ToSnapshot((ulong)taken);
        before.ForgetDisbursementsBefore((ulong)taken);
        Assert.Equal(0, before.HeldDisbursements);
        BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot);
        restored.MarkAppliedBelow((ulong)taken);
        RecallNamed(restored, log, log.Skip(taken));
        BeneficiaryProgram resumed = Replayed(restored, log.Skip(taken));
        resumed.MarkAppliedBelow((ulong)log.Count);
        resumed.ForgetDisbursementsBefore((ulong)log.Count);

        Assert.Equal(Describe(full), Describe(resumed));
        foreach ((ulong leaf, byte[] bytes) in log)
        {
            LedgerEntry entry = LedgerEntryParser.Parse(bytes);
            Recall(resumed, log, entry.Id);
            Assert.Equal(full.FindEntry(entry.Id)?.ToCanonicalJson(), resumed.FindEntry(entry.Id)?.ToCanonicalJson());
            if (entry is Disbursed)
            {
                DisbursementRecord expected = full.FindDisbursement(entry.Id)!;
                DisbursementRecord actual = resumed.FindDisbursement(entry.Id)!;
                Assert.Equal((expected.LeafIndex, expected.Remaining, expected.IsDelivered, expected.IsReversed), (actual.LeafIndex, actual.Remaining, actual.IsDelivered, actual.IsReversed));
                Assert.Equal(leaf, actual.LeafIndex);
            }
        }

        // The same next decisions: the cap of each beneficiary, and a replayed id answered with its entry.
        foreach (BeneficiaryPseudonym person in People)
        {
            var request = new DisbursementRequest("probe", LedgerScenario.ProgramId, LedgerScenario.Agency, LedgerScenario.BudgetId, null, person, Samples.Eur("150"), "72010", "cash", "2026-11", null);
            Assert.Equal(Outcome(full.DecideDisbursement(request, "t-1", Samples.Noon)), Outcome(resumed.DecideDisbursement(request, "t-1", Samples.Noon)));
            full.Release("probe");
            resumed.Release("probe");
        }
    }

    /// <summary>
    /// Issue 17, the base and its changes: bases frozen at random points (entries applied while one is being written),
    /// adopted or abandoned, then a snapshot of the changes since the last adopted base; restoring it on that base and
    /// replaying the rest equals a full replay. The snapshot names exactly the adopted base; without it, or with a damaged
    /// or another base, it is refused.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Restoring_a_snapshot_on_its_stored_base_then_replaying_the_rest_equals_a_full_replay(
        (byte Operation, byte Pick, ushort Amount)[] operations, (byte At, byte WhileFrozen, bool Adopt)[] bases, byte split)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = StateSnapshotPropertyTests.RandomHistory(operations ?? []);
        BeneficiaryProgram full = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log).Programs[LedgerScenario.ProgramId];
        BeneficiaryProgram state = BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId);
        int applied = 0;
        ProgramBase? adopted = null;
        var abandoned = new List<ProgramBase>();
        foreach ((byte at, byte whileFrozen, bool adopt) in (bases ?? []).Take(3))
        {
            int freezeAt = applied + (at % (log.Count - applied + 1));
            state = Replayed(state, log.Skip(applied).Take(freezeAt - applied));
            ProgramBase frozen = state.FreezeBase();
            int thawAt = freezeAt + (whileFrozen % (log.Count - freezeAt + 1));
            state = Replayed(state, log.Skip(freezeAt).Take(thawAt - freezeAt)); // applied while the base is written
            applied = thawAt;
            frozen.Encode();
            if (adopt)
            {
                state.AdoptBase(frozen);
                adopted = frozen;
            }
            else
            {
                state.ThawBase(frozen);
                abandoned.Add(frozen);
            }
        }

        int taken = applied + (split % (log.Count - applied + 1));
        state = Replayed(state, log.Skip(applied).Take(taken - applied));
        state.MarkAppliedBelow((ulong)taken);
        byte[] snapshot = state.ToSnapshot((ulong)taken);
        Assert.Equal(adopted?.Digest, BeneficiaryProgram.BaseNamedBy(LedgerScenario.ProgramId, snapshot));
        Assert.Equal(adopted?.Digest, state.BaseDigest);

        BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, adopted?.ToArray());
        restored.MarkAppliedBelow((ulong)taken);
        RecallNamed(restored, log, log.Skip(taken));
        BeneficiaryProgram resumed = Replayed(restored, log.Skip(taken));
        Assert.Equal(Describe(full), Describe(resumed));
        Assert.Equal(Describe(full), Describe(Replayed(state, log.Skip(taken))));
        foreach (BeneficiaryPseudonym person in People)
        {
            var request = new DisbursementRequest("probe", LedgerScenario.ProgramId, LedgerScenario.Agency, LedgerScenario.BudgetId, null, person, Samples.Eur("150"), "72010", "cash", "2026-11", null);
            Assert.Equal(Outcome(full.DecideDisbursement(request, "t-1", Samples.Noon)), Outcome(resumed.DecideDisbursement(request, "t-1", Samples.Noon)));
            full.Release("probe");
            resumed.Release("probe");
        }

        if (adopted is not null)
        {
            Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, baseContent: null));
            byte[] damaged = adopted.ToArray();
            damaged[damaged.Length / 2] ^= 0x20;
            Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, damaged));
            foreach (ProgramBase other in abandoned.Where(a => a.Digest != adopted.Digest))
            {
                Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, other.ToArray()));
            }
        }
    }

    [Fact]
    public void A_disbursement_committed_long_before_is_answered_with_its_entry_once_recalled_and_pays_nothing_twice()
    {
        (LedgerScenario s, BeneficiaryProgram program) = Opened("400");
        Disbursed first = Commit(s, program, s.Request("d-old", "30.00"));
        for (int i = 0; i < 5; i++)
        {
            Commit(s, program, s.Request($"d-{i}", "1.00", beneficiary: Samples.Bob));
        }

        program.ForgetDisbursementsBefore((ulong)s.Log.Count); // a snapshot holds them now
        Assert.Equal(0, program.HeldDisbursements);
        Assert.Equal(6, program.DisbursementCount);
        Assert.True(program.MustRecallDisbursement("d-old"));
        Assert.False(program.MustRecallDisbursement("d-never-used"));

        Recall(program, s.Log, "d-old");
        Assert.False(program.MustRecallDisbursement("d-old"));
        Decision<Disbursed> replayed = program.DecideDisbursement(s.Request("d-old", "30.00"), "t-1", s.Now);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, replayed.Outcome);
        Assert.Equal(first.ToCanonicalJson(), replayed.Entry!.ToCanonicalJson());
        Assert.Equal(RejectionCode.Duplicate, program.DecideDisbursement(s.Request("d-old", "31.00"), "t-1", s.Now).Rejection!.Code);
        Assert.Equal(Samples.Eur("30.00"), program.PaidIn(Samples.Alice, s.Period));
        Assert.Empty(program.Reservations);
    }

    [Fact]
    public void A_reversal_and_a_delivery_of_a_disbursement_no_longer_held_work_once_it_is_recalled()
    {
        (LedgerScenario s, BeneficiaryProgram program) = Opened("400");
        Commit(s, program, s.Request("d-1", "40.00"));
        Commit(s, program, s.Request("d-2", "25.00"));
        program.ForgetDisbursementsBefore((ulong)s.Log.Count);

        // Not recalled: the program does not know it (the grain always recalls first).
        Assert.Equal(RejectionCode.UnknownDisbursement, program.DecideReversal("rev-1", s.Now, "d-1", ReversalReason.Returned).Rejection!.Code);

        Recall(program, s.Log, "d-1");
        Decision<Reversed> reversal = program.DecideReversal("rev-1", s.Now, "d-1", Samples.Eur("15.00"), ReversalReason.Recovered);
        Assert.True(reversal.ShouldAppend, reversal.ToString());
        program.Apply(reversal.Entry, (ulong)s.Log.Count);
        Assert.Equal(Samples.Eur("50.00"), program.PaidIn(Samples.Alice, s.Period));

        Recall(program, s.Log, "d-2");
        Decision<Delivered> delivery = program.DecideDelivery("del-2", s.Now, "d-2");
        Assert.True(delivery.ShouldAppend, delivery.ToString());
        program.Apply(delivery.Entry, (ulong)s.Log.Count + 1);
        Assert.True(program.FindDisbursement("d-2")!.IsDelivered);
        Assert.Equal(Samples.Eur("25.00"), program.FindDisbursement("d-1")!.Remaining);
    }

    [Fact]
    public void A_disbursement_in_the_log_that_the_program_never_applied_is_not_taken_as_applied()
    {
        (LedgerScenario s, BeneficiaryProgram program) = Opened("400");
        Commit(s, program, s.Request("d-1", "40.00"));
        program.ForgetDisbursementsBefore((ulong)s.Log.Count);

        // An append in doubt that landed after the last snapshot: in the log, never applied here.
        Decision<Disbursed> landed = program.DecideDisbursement(s.Request("d-landed", "10.00"), "t-1", s.Now);
        program.Release("d-landed");
        ulong leaf = (ulong)s.Log.Count + 3;

        Assert.False(program.IsDisbursementApplied(landed.Entry!, leaf));
        Assert.Throws<ArgumentException>(() => program.RecallDisbursements([(landed.Entry!, leaf)]));
        Assert.True(program.IsDisbursementApplied((Disbursed)LedgerEntryParser.Parse(s.Log[^1].Entry), s.Log[^1].LeafIndex));
    }

    [Fact]
    public void The_snapshot_and_the_state_hold_a_few_bytes_per_disbursement_not_its_facts()
    {
        (LedgerScenario s, BeneficiaryProgram program) = Opened("1000000");
        const int Count = 20_000;
        for (int i = 0; i < Count; i++)
        {
            var entry = new Disbursed(
                string.Create(CultureInfo.InvariantCulture, $"d-{i}"), s.Now, LedgerScenario.ProgramId, LedgerScenario.BudgetId, "t-1", Samples.Alice,
                Samples.Eur("1.00"), "72010", "cash", s.Period);
            program.Apply(entry, (ulong)(100 + i));
        }

        Assert.Equal(Count, program.HeldDisbursements);
        program.ForgetDisbursementsBefore(100 + Count);
        Assert.Equal(0, program.HeldDisbursements);
        byte[] beforeBase = program.ToSnapshot(100 + Count);
        Assert.InRange(beforeBase.Length, 1, Count * 20); // without a base: the 16-byte hash of each id, not its facts
        ProgramBase stored = program.FreezeBase();
        stored.Encode();
        program.AdoptBase(stored);
        Assert.InRange(stored.Length, 1, Count * 8); // the base holds the ids' filter: the facts of one disbursement alone take over 20 bytes
        byte[] snapshot = program.ToSnapshot(100 + Count);
        Assert.InRange(snapshot.Length, 1, 2048); // nothing changed since the base
        BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, stored.ToArray());
        Assert.Equal(Count, restored.DisbursementCount);
        Assert.Equal(Samples.Eur("20000.00"), restored.PaidIn(Samples.Alice, s.Period));
        Assert.All(Enumerable.Range(0, Count), i => Assert.True(restored.MustRecallDisbursement(string.Create(CultureInfo.InvariantCulture, $"d-{i}"))));
    }

    /// <summary>The funded scenario with Bob enrolled too, and a log-backed program replayed from its log.</summary>
    private static (LedgerScenario Scenario, BeneficiaryProgram Program) Opened(string cap)
    {
        LedgerScenario s = LedgerScenario.Funded(cap);
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Bob));
        return (s, Replayed(BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId), s.Log));
    }

    /// <summary>Decides on the scenario's budget and on <paramref name="program"/>, appends, applies to both.</summary>
    private static Disbursed Commit(LedgerScenario s, BeneficiaryProgram program, DisbursementRequest request)
    {
        Assert.True(s.Budget.TryReserve(request, s.Now).IsReserved);
        Decision<Disbursed> decision = program.DecideDisbursement(request, "t-1", s.Now);
        Assert.True(decision.ShouldAppend, decision.ToString());
        ulong leaf = s.Record(decision.Entry);
        program.Apply(decision.Entry, leaf);
        return decision.Entry;
    }

    private static BeneficiaryProgram Replayed(BeneficiaryProgram state, IEnumerable<(ulong LeafIndex, byte[] Entry)> entries) =>
        LedgerReplay.ForProgram(state).ApplyAll(entries).Programs.GetValueOrDefault(state.ProgramId) ?? state;

    /// <summary>What the grain does before a decision names <paramref name="id"/>: find it in the log and hand it over.</summary>
    private static void Recall(BeneficiaryProgram program, List<(ulong LeafIndex, byte[] Entry)> log, string id)
    {
        if (program.MustRecallEntry(id))
        {
            foreach ((_, byte[] bytes) in log)
            {
                if (LedgerEntryParser.Parse(bytes) is BeneficiaryEnrolled enrolled && enrolled.Id == id)
                {
                    program.RecallEnrolment(enrolled);
                }
            }
        }

        if (!program.MustRecallDisbursement(id))
        {
            return;
        }

        foreach ((ulong leaf, byte[] bytes) in log)
        {
            if (LedgerEntryParser.Parse(bytes) is Disbursed disbursed && disbursed.Id == id && program.IsDisbursementApplied(disbursed, leaf))
            {
                program.RecallDisbursements([(disbursed, leaf)]);
            }
        }
    }

    private static void RecallNamed(BeneficiaryProgram program, List<(ulong LeafIndex, byte[] Entry)> log, IEnumerable<(ulong LeafIndex, byte[] Entry)> tail)
    {
        foreach ((_, byte[] bytes) in tail)
        {
            switch (LedgerEntryParser.Parse(bytes))
            {
                case Reversed reversed:
                    Recall(program, log, reversed.Disbursement);
                    break;
                case Delivered delivered:
                    Recall(program, log, delivered.Disbursement);
                    break;
            }
        }
    }

    private static string Outcome(Decision<Disbursed> decision) => decision.IsAccepted ? "accepted" : decision.Rejection!.Code;

    private static string Describe(BeneficiaryProgram program)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"paid={program.Disbursed} enrolled={program.Beneficiaries.Count} count={program.DisbursementCount} ");
        foreach (BeneficiaryPseudonym person in People)
        {
            text.Append(CultureInfo.InvariantCulture, $"{person}={program.PaidIn(person, "2026-10")}/{program.PaidIn(person, "2026-11")} ");
        }

        return text.ToString();
    }
}
