using OversightLedger.Grains.Ledger;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>The principals the ledger tests act as.</summary>
public static class LedgerActors
{
    /// <summary>The donor that opens and owns the scenario budgets.</summary>
    public static readonly Actor Donor = new("donor:d1", IsAdmin: false);

    /// <summary>A donor that owns none of the scenario budgets.</summary>
    public static readonly Actor OtherDonor = new("donor:d2", IsAdmin: false);

    /// <summary>The independent verifier of benchmarks.</summary>
    public static readonly Actor Watchdog = new("watchdog:w1", IsAdmin: false);

    /// <summary>The agency that opens and runs the scenario programs.</summary>
    public static readonly Actor Agency = new("agency:a1", IsAdmin: false);

    /// <summary>An agency that runs none of the scenario programs.</summary>
    public static readonly Actor OtherAgency = new("agency:a2", IsAdmin: false);

    /// <summary>An admin key (acts for anyone).</summary>
    public static readonly Actor Admin = new("admin:root", IsAdmin: true);
}
