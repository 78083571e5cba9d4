using FsCheck.Xunit;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Replay;

using OversightLedger.Domain.Money;

/// <summary>
/// Random sequences of reserve, retry, commit, release and reverse on one tranche: released − (reserved + disbursed)
/// never goes below zero, and replaying the log gives the live balances.
/// </summary>
public class ReservationPropertyTests
{
    [Property(MaxTest = 300)]
    public void TheTrancheNeverGoesBelowZeroAndReplayAgreesWithTheLiveState((byte Operation, byte Pick, ushort Amount)[] operations)
    {
        LedgerScenario s = LedgerScenario.Funded();
        Tranche tranche = s.Budget.FindTranche("t-1")!;
        List<(DisbursementRequest Request, Disbursed Entry)> pending = [];
        List<string> committed = [];
        int next = 0;

        foreach ((byte operation, byte pick, ushort amount) in operations ?? [])
        {
            switch (operation % 5)
            {
                case 0 or 1:
                    DisbursementRequest request = s.Request($"d-{next++}", new Money(Samples.EurCurrency, 1 + (amount % 20000)).ToDecimalString(), tranche: "t-1");
                    TrancheReservation reservation = s.Budget.TryReserve(request, s.Now);
                    if (reservation.IsReserved)
                    {
                        Decision<Disbursed> decision = s.Program.DecideDisbursement(request, reservation.Tranche, s.Now);
                        Assert.True(decision.ShouldAppend, decision.ToString());
                        pending.Add((request, decision.Entry));
                    }
                    else
                    {
                        Assert.Equal(RejectionCode.InsufficientReleasedFunds, reservation.Rejection.Code);
                        Assert.True(request.Amount > tranche.Available);
                    }

                    break;
                case 2 when pending.Count > 0:
                    (DisbursementRequest retried, Disbursed expected) = pending[pick % pending.Count];
                    Money reservedBefore = tranche.Reserved;
                    Assert.Equal("t-1", s.Budget.TryReserve(retried, s.Now).Tranche);
                    Assert.Same(expected, s.Program.DecideDisbursement(retried, "t-1", s.Now).Entry);
                    Assert.Equal(reservedBefore, tranche.Reserved);
                    break;
                case 3 when pending.Count > 0:
                    int index = pick % pending.Count;
                    Disbursed entry = pending[index].Entry;
                    pending.RemoveAt(index);
                    if (pick % 2 == 0)
                    {
                        s.Record(entry);
                        committed.Add(entry.Id);
                    }
                    else
                    {
                        Assert.True(s.Budget.Release(entry.Id));
                        Assert.True(s.Program.Release(entry.Id));
                    }

                    break;
                case 4 when committed.Count > 0:
                    string disbursement = committed[pick % committed.Count];
                    committed.Remove(disbursement);
                    s.Append(s.Program.DecideReversal($"rev-{disbursement}", s.Now, disbursement, ReversalReason.Returned));
                    break;
            }

            Assert.True(tranche.Available.MinorUnits >= 0, $"available {tranche.Available}");
            Assert.Equal(pending.Sum(p => p.Request.Amount.MinorUnits), tranche.Reserved.MinorUnits);
            Assert.Equal(tranche.Released.MinorUnits, tranche.Available.MinorUnits + tranche.Reserved.MinorUnits + tranche.Disbursed.MinorUnits);
        }

        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);

        Assert.Empty(replay.Violations);
        Tranche replayed = replay.Budgets[LedgerScenario.BudgetId].FindTranche("t-1")!;
        Assert.Equal(tranche.Released, replayed.Released);
        Assert.Equal(tranche.Disbursed, replayed.Disbursed);
        Assert.Equal(Samples.Eur("0"), replayed.Reserved);
        Assert.Equal(tranche.Available + tranche.Reserved, replayed.Available);
        Assert.Equal(s.Program.PaidIn(Samples.Alice, s.Period), replay.Programs[LedgerScenario.ProgramId].PaidIn(Samples.Alice, s.Period));
    }
}
