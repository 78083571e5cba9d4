using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>A payment list submitted for vetting on a budget, as the log tells it: its submission, vetting or expiry, and what its approved rows paid.</summary>
public sealed class VettedPaymentList
{
    internal VettedPaymentList(PaymentListSubmitted submitted) => Submitted = submitted;

    /// <summary>The submission (hash, rows, total, expiry).</summary>
    public PaymentListSubmitted Submitted { get; }

    /// <summary>The vetting; null before.</summary>
    public PaymentListVetted? Vetting { get; internal set; }

    /// <summary>The expiry; null unless it expired.</summary>
    public PaymentListExpired? Expiry { get; internal set; }

    /// <summary>Where it stands.</summary>
    public PaymentListStatus Status => Vetting is not null ? PaymentListStatus.Vetted : Expiry is not null ? PaymentListStatus.Expired : PaymentListStatus.Waiting;

    /// <summary>What its approved rows paid so far, in minor units.</summary>
    public long PaidUnits { get; internal set; }

    /// <summary>How many of its approved rows were paid so far.</summary>
    public int PaidRows { get; internal set; }
}
