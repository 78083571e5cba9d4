namespace OversightLedger.Grains.Access;

/// <summary>What an API key may do (DESIGN §5.8). The public needs no key to read the log and published reports.</summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Access.AccessRole")]
public enum AccessRole
{
    /// <summary>Creates keys and may act on everything.</summary>
    Admin = 0,

    /// <summary>Opens budgets and acts on its own budgets only.</summary>
    Donor = 1,

    /// <summary>Opens programs and acts on its own programs only.</summary>
    Agency = 2,

    /// <summary>Raises findings, records benchmark verifications and cosigns checkpoints.</summary>
    Watchdog = 3,

    /// <summary>Reviews sanctions screening hits (clears or confirms them), for one agency or the whole ledger.</summary>
    Compliance = 4,
}
