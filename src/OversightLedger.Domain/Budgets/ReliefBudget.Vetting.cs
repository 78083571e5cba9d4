using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

using OversightLedger.Domain.Money;

/// <summary>Vetting before money moves (issue 15 item 4): the owner's term, vetting bodies, and the lists they vet.</summary>
public sealed partial class ReliefBudget
{
    private readonly HashSet<string> _vetters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VettedPaymentList> _paymentLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VettedPaymentList> _approvedRows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refusedRows = new(StringComparer.Ordinal);

    /// <summary>The owner's vetting term; null when the budget's lists are paid without vetting (as before the term existed).</summary>
    public VettingRequired? Vetting { get; private set; }

    /// <summary>The vetting bodies registered with the budget.</summary>
    public IReadOnlyCollection<string> Vetters => _vetters;

    /// <summary>The payment lists submitted for vetting, in the order submitted.</summary>
    public IEnumerable<VettedPaymentList> PaymentLists => _paymentLists.Values;

    /// <summary>The list <paramref name="list"/> of <paramref name="program"/>, or null.</summary>
    public VettedPaymentList? FindPaymentList(string program, string list) => _paymentLists.GetValueOrDefault(ListKey(program, list));

    /// <summary>Decides the owner's term that payment lists above <paramref name="threshold"/> (zero: all) are vetted, waiting at most <paramref name="maxWaitDays"/>.</summary>
    public Decision<VettingRequired> DecideRequireVetting(string entryId, DateTimeOffset now, string actingKey, Money threshold, int maxWaitDays) =>
        Decide(() => new VettingRequired(entryId, now, BudgetId, threshold, maxWaitDays), actingKey);

    /// <summary>Decides registering a vetting body (owner only; never the owner itself).</summary>
    public Decision<VetterRegistered> DecideRegisterVetter(string entryId, DateTimeOffset now, string actingKey, string vetter) =>
        Decide(() => new VetterRegistered(entryId, now, BudgetId, vetter), actingKey);

    /// <summary>
    /// Decides an agency's submission of a payment list for vetting: the budget requires vetting, the program is listed and
    /// pinned to <paramref name="agency"/>; it expires the term's wait after <paramref name="now"/>.
    /// </summary>
    public Decision<PaymentListSubmitted> DecideSubmitPaymentList(
        string entryId, DateTimeOffset now, string program, string agency, string list, string sha256, int rows, Money total) =>
        Decide(() => new PaymentListSubmitted(
            entryId, now, BudgetId, program, agency, list, sha256, rows, total, EntryTime.ToWholeSeconds(now).AddDays(Vetting?.MaxWaitDays ?? 0)));

    /// <summary>Decides a vetting body's decision on a waiting list: every row approved or refused with a reason, before it expires.</summary>
    public Decision<PaymentListVetted> DecideVetPaymentList(
        string entryId, DateTimeOffset now, string program, string list, string vetter, IEnumerable<string> approved, IReadOnlyDictionary<string, string> refused) =>
        Decide(() => new PaymentListVetted(entryId, now, BudgetId, program, list, vetter, new NameSet(approved), refused));

    /// <summary>Decides recording that a waiting list's time is up (the hourly job's act).</summary>
    public Decision<PaymentListExpired> DecideExpirePaymentList(string entryId, DateTimeOffset now, string program, string list) =>
        Decide(() => new PaymentListExpired(entryId, now, BudgetId, program, list));

    /// <summary>
    /// Whether the budget's terms let this payment through: with a vetting term, a payment above its threshold (any, with a
    /// zero threshold) must be an approved row of a vetted list; a refused row is never paid; and a list's approved rows
    /// together pay at most its total.
    /// </summary>
    private DomainRejection? CheckVettedPayment(string disbursementId, Money amount)
    {
        if (Vetting is null)
        {
            return null;
        }

        if (_refusedRows.TryGetValue(disbursementId, out string? reason))
        {
            return Rejection(RejectionCode.RowRefused, $"the payment '{disbursementId}' was refused by the vetting of its list ({reason}); it is never paid");
        }

        if (_approvedRows.TryGetValue(disbursementId, out VettedPaymentList? list))
        {
            return list.PaidUnits + amount.MinorUnits > list.Submitted.Total.MinorUnits
                ? Rejection(
                    RejectionCode.VettedTotalExceeded,
                    $"the approved rows of the list '{list.Submitted.List}' would pay more than its total {list.Submitted.Total.ToDecimalString()} {Currency.Code}")
                : null;
        }

        return Vetting.Threshold.MinorUnits == 0 || amount.MinorUnits > Vetting.Threshold.MinorUnits
            ? Rejection(
                RejectionCode.VettingRequired,
                Vetting.Threshold.MinorUnits == 0
                    ? $"the budget '{BudgetId}' pays only approved rows of vetted payment lists: submit a payment list"
                    : $"a payment above {Vetting.Threshold.ToDecimalString()} {Currency.Code} from the budget '{BudgetId}' must be an approved row of a vetted payment list")
            : null;
    }

    private DomainRejection? CheckVetting(LedgerEntry entry) => entry switch
    {
        VettingRequired required => Vetting is not null
            ? Rejection(RejectionCode.AlreadyRequired, $"the budget '{BudgetId}' already requires vetting")
            : null,
        VetterRegistered registered => registered.Vetter == Owner
            ? Rejection(RejectionCode.VetterNotIndependent, $"the vetter '{registered.Vetter}' owns the budget, so it cannot vet its payments independently")
            : _vetters.Contains(registered.Vetter)
                ? Rejection(RejectionCode.AlreadyRegistered, $"the vetter '{registered.Vetter}' is already registered with the budget '{BudgetId}'")
                : null,
        PaymentListSubmitted submitted => CheckPaymentListSubmitted(submitted),
        PaymentListVetted vetted => CheckPaymentListVetted(vetted),
        PaymentListExpired expired => CheckPaymentListExpired(expired),
        _ => null,
    };

    private DomainRejection? CheckPaymentListSubmitted(PaymentListSubmitted submitted)
    {
        if (Vetting is null)
        {
            return Rejection(RejectionCode.VettingNotRequired, $"the budget '{BudgetId}' does not require vetting: its payment lists are paid directly");
        }

        if (CheckRingFence(submitted.Program, submitted.Agency) is { } outside)
        {
            return outside;
        }

        if (submitted.Total.MinorUnits <= 0)
        {
            return Rejection(RejectionCode.InvalidAmount, "a payment list's total must be above zero");
        }

        if (submitted.ExpiresAt != EntryTime.ToWholeSeconds(submitted.Time).AddDays(Vetting.MaxWaitDays))
        {
            return Rejection(RejectionCode.InvalidRequest, $"a list waits exactly the budget's {Vetting.MaxWaitDays} days for its vetting");
        }

        return _paymentLists.ContainsKey(ListKey(submitted.Program, submitted.List))
            ? Rejection(RejectionCode.Duplicate, $"the program '{submitted.Program}' already submitted a list '{submitted.List}'")
            : null;
    }

    private DomainRejection? CheckPaymentListVetted(PaymentListVetted vetted)
    {
        if (FindPaymentList(vetted.Program, vetted.List) is not { } list)
        {
            return Rejection(RejectionCode.UnknownPaymentList, $"the program '{vetted.Program}' has no payment list '{vetted.List}' on the budget '{BudgetId}'");
        }

        if (!_vetters.Contains(vetted.Vetter))
        {
            return Rejection(RejectionCode.VetterNotRegistered, $"'{vetted.Vetter}' is not a vetting body registered with the budget '{BudgetId}'");
        }

        if (vetted.Vetter == list.Submitted.Agency || vetted.Vetter == Owner)
        {
            return Rejection(RejectionCode.VetterNotIndependent, $"'{vetted.Vetter}' submitted the list or owns the budget; it cannot vet it");
        }

        return list.Status switch
        {
            PaymentListStatus.Vetted => Rejection(RejectionCode.AlreadyVetted, $"the list '{vetted.List}' is already vetted"),
            PaymentListStatus.Expired => Rejection(RejectionCode.PaymentListExpired, $"the list '{vetted.List}' expired; none of its rows will be paid"),
            _ when vetted.Time >= list.Submitted.ExpiresAt => Rejection(
                RejectionCode.PaymentListExpired, $"the list '{vetted.List}' could be vetted until {EntryTime.Format(list.Submitted.ExpiresAt)}; none of its rows will be paid"),
            _ when vetted.Approved.Count + vetted.Refused.Count != list.Submitted.Rows => Rejection(
                RejectionCode.RowNotInList, $"the list '{vetted.List}' has {list.Submitted.Rows} rows; the vetting names {vetted.Approved.Count + vetted.Refused.Count}"),
            _ => null,
        };
    }

    private DomainRejection? CheckPaymentListExpired(PaymentListExpired expired)
    {
        if (FindPaymentList(expired.Program, expired.List) is not { } list)
        {
            return Rejection(RejectionCode.UnknownPaymentList, $"the program '{expired.Program}' has no payment list '{expired.List}' on the budget '{BudgetId}'");
        }

        return list.Status switch
        {
            PaymentListStatus.Vetted => Rejection(RejectionCode.AlreadyVetted, $"the list '{expired.List}' is already vetted"),
            PaymentListStatus.Expired => Rejection(RejectionCode.PaymentListExpired, $"the list '{expired.List}' is already expired"),
            _ when expired.Time < list.Submitted.ExpiresAt => Rejection(
                RejectionCode.PaymentListNotExpired, $"the list '{expired.List}' may be vetted until {EntryTime.Format(list.Submitted.ExpiresAt)}"),
            _ => null,
        };
    }

    private void ApplyVetting(LedgerEntry entry)
    {
        switch (entry)
        {
            case VettingRequired required:
                Vetting = Vetting is null ? required : throw NotApplicable(entry, "the budget already requires vetting");
                break;
            case VetterRegistered registered:
                if (!_vetters.Add(registered.Vetter))
                {
                    throw NotApplicable(entry, $"the vetter '{registered.Vetter}' is already registered");
                }

                break;
            case PaymentListSubmitted submitted:
                if (!_paymentLists.TryAdd(ListKey(submitted.Program, submitted.List), new VettedPaymentList(submitted)))
                {
                    throw NotApplicable(entry, $"the list '{submitted.List}' is already submitted");
                }

                break;
            case PaymentListVetted vetted:
                VettedPaymentList list = WaitingListToApply(entry, vetted.Program, vetted.List);
                list.Vetting = vetted;
                foreach (string row in vetted.Approved)
                {
                    _approvedRows[EntryIds.Disbursement(vetted.Program, row)] = list;
                }

                foreach ((string row, string reason) in vetted.Refused)
                {
                    _refusedRows[EntryIds.Disbursement(vetted.Program, row)] = reason;
                }

                break;
            case PaymentListExpired expired:
                WaitingListToApply(entry, expired.Program, expired.List).Expiry = expired;
                break;
        }
    }

    /// <summary>Counts a payment towards its vetted list (what its approved rows paid).</summary>
    private void RecordVettedPayment(LedgerEntry disbursed, Money amount) => RecordVettedPayment(disbursed.Id, amount.MinorUnits);

    /// <summary>Counts a committed payment against the vetted list whose approved row it is, if any.</summary>
    private void RecordVettedPayment(string disbursementId, long units)
    {
        if (_approvedRows.TryGetValue(disbursementId, out VettedPaymentList? list))
        {
            list.PaidUnits = checked(list.PaidUnits + units);
            list.PaidRows++;
        }
    }

    private VettedPaymentList WaitingListToApply(LedgerEntry entry, string program, string list) =>
        FindPaymentList(program, list) is { Status: PaymentListStatus.Waiting } waiting
            ? waiting
            : throw NotApplicable(entry, $"the list '{list}' of '{program}' is not waiting for its vetting");

    private static string ListKey(string program, string list) => EntryIds.PaymentListSubmitted(program, list);
}
