using System.Globalization;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// <c>sanctioned-counterparty-paid</c>: a compliance reviewer confirmed a counterparty's sanctions hit
/// (<see cref="ScreeningConfirmed"/>) and the log shows payments naming that counterparty that were not reversed in
/// full. The ledger refused none of them (the counterparty was clear, or cleared, when paid): the list changed after,
/// or the first screening missed it. One finding per confirmation, concerning the programs and budgets of those
/// payments. A payment logged after the confirmation is <c>ledger-integrity</c> (the replay's <c>counterparty-blocked</c>).
/// </summary>
internal sealed class SanctionedCounterpartyRule(int maxLeaves, FindingOutbox outbox, IReadOnlyDictionary<string, Counterparty> counterparties)
{
    private readonly Dictionary<string, CounterpartyPayments> _paid = new(StringComparer.Ordinal);

    /// <summary>A Disbursed entry the replay counted.</summary>
    internal void OnDisbursed(Disbursed paid, long leaf)
    {
        if (paid.Counterparty is not { } counterparty)
        {
            return;
        }

        if (!_paid.TryGetValue(counterparty, out CounterpartyPayments? payments))
        {
            payments = new CounterpartyPayments(maxLeaves);
            _paid.Add(counterparty, payments);
        }

        payments.OnDisbursed(paid, leaf);
    }

    /// <summary>A Reversed entry the replay counted, and the payment it reverses (already including it).</summary>
    internal void OnReversed(DisbursementRecord original, Reversed reversed)
    {
        if (original.Entry.Counterparty is { } counterparty && _paid.TryGetValue(counterparty, out CounterpartyPayments? payments))
        {
            payments.OnReversed(original, reversed);
        }
    }

    /// <summary>A ScreeningConfirmed entry; only one the log's own rules count (the review of the latest screening) is judged.</summary>
    internal void OnConfirmed(ScreeningConfirmed confirmed, long leaf)
    {
        if (!counterparties.TryGetValue(confirmed.Counterparty, out Counterparty? counterparty)
            || !ReferenceEquals(counterparty.LatestReview, confirmed)
            || !_paid.TryGetValue(confirmed.Counterparty, out CounterpartyPayments? payments)
            || payments.OpenPayments == 0)
        {
            return;
        }

        string? matched = counterparty.LatestScreening?.MatchedEntry;
        outbox.Settle(
            WatchdogRuleClass.SanctionedCounterpartyPaid,
            confirmed.Id,
            payments.Budgets,
            payments.Programs,
            [leaf, .. payments.Leaves],
            () => string.Create(
                CultureInfo.InvariantCulture,
                $"The counterparty '{confirmed.Counterparty}' was confirmed as a sanctions hit at leaf {leaf} (score {FieldFormat.FormatScore(confirmed.Score)}" +
                $"{(matched is null ? string.Empty : $", list entry {matched}")}; lists {string.Join(", ", confirmed.Lists)}) after {payments.OpenPayments} " +
                $"payment(s) to it not reversed in full, {string.Join(" and ", payments.NetAmounts)} net, by program(s) {string.Join(", ", payments.Programs)} " +
                $"from budget(s) {string.Join(", ", payments.Budgets)}. Funds may have reached a sanctioned party: account for each payment and recover what can be recovered."));
    }

    /// <summary>Writes what was paid to each counterparty.</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(_paid.Count);
        foreach ((string counterparty, CounterpartyPayments payments) in _paid)
        {
            writer.Write(counterparty);
            payments.Write(writer);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote into this (empty) state.</summary>
    internal void Read(BinaryReader reader)
    {
        int count = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < count; i++)
        {
            string counterparty = reader.ReadString();
            if (!_paid.TryAdd(counterparty, CounterpartyPayments.Read(reader, maxLeaves)))
            {
                throw new InvalidDataException($"The snapshot holds the payments to '{counterparty}' twice.");
            }
        }
    }
}
