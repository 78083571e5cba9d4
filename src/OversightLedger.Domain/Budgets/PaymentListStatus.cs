namespace OversightLedger.Domain.Budgets;

/// <summary>Where a vetted payment list stands in the log.</summary>
public enum PaymentListStatus
{
    /// <summary>Submitted; waiting for its vetting body.</summary>
    Waiting = 1,

    /// <summary>Vetted: its approved rows may be paid, its refused rows never.</summary>
    Vetted = 2,

    /// <summary>It waited its whole time without a vetting; none of its rows is paid.</summary>
    Expired = 3,
}
