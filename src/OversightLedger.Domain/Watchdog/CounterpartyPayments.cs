using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Watchdog;

using OversightLedger.Domain.Money;

/// <summary>
/// What the log shows was paid to one counterparty and not reversed in full: how many payments, the net amount per
/// currency, the (program, budget) pairs they came from and a bounded sample of their leaves, first ones first. Totals,
/// not lists: a financial service provider may carry millions of payments.
/// </summary>
internal sealed class CounterpartyPayments(int maxLeaves)
{
    private readonly Dictionary<(string Program, string Budget), int> _openBySource = [];
    private readonly Dictionary<Currency, long> _netUnits = [];
    private readonly List<(long Leaf, string Program, string Disbursement)> _sample = [];

    /// <summary>The payments not reversed in full.</summary>
    internal int OpenPayments { get; private set; }

    /// <summary>The programs of the payments not reversed in full, in ordinal order.</summary>
    internal string[] Programs => [.. _openBySource.Where(p => p.Value > 0).Select(p => p.Key.Program).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The budgets of the payments not reversed in full, in ordinal order.</summary>
    internal string[] Budgets => [.. _openBySource.Where(p => p.Value > 0).Select(p => p.Key.Budget).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Leaves of payments not reversed in full (a bounded sample), first ones first.</summary>
    internal IEnumerable<long> Leaves => _sample.Select(s => s.Leaf);

    /// <summary>The net amounts paid (payments less reversals), one per currency, in currency-code order.</summary>
    internal IEnumerable<Money> NetAmounts => _netUnits.OrderBy(n => n.Key.Code, StringComparer.Ordinal).Select(n => new Money(n.Key, n.Value));

    /// <summary>A counted payment naming this counterparty.</summary>
    internal void OnDisbursed(Disbursed paid, long leaf)
    {
        OpenPayments++;
        (string, string) source = (paid.Program, paid.Budget);
        _openBySource[source] = _openBySource.GetValueOrDefault(source) + 1;
        _netUnits[paid.Amount.Currency] = checked(_netUnits.GetValueOrDefault(paid.Amount.Currency) + paid.Amount.MinorUnits);
        if (_sample.Count < maxLeaves)
        {
            _sample.Add((leaf, paid.Program, paid.Id));
        }
    }

    /// <summary>A counted reversal of one of its payments; <paramref name="original"/> already includes it.</summary>
    internal void OnReversed(DisbursementRecord original, Reversed reversed)
    {
        Disbursed paid = original.Entry;
        Currency currency = paid.Amount.Currency;
        _netUnits[currency] = checked(_netUnits.GetValueOrDefault(currency) - reversed.Amount.MinorUnits);
        long reversedBefore = original.ReversedAmount.MinorUnits - reversed.Amount.MinorUnits;
        if (!original.IsReversed || reversedBefore >= paid.Amount.MinorUnits)
        {
            return;
        }

        // Reversed in full by this reversal: the payment no longer counts as paid to the counterparty.
        OpenPayments--;
        (string, string) source = (paid.Program, paid.Budget);
        _openBySource[source] = _openBySource.GetValueOrDefault(source) - 1;
        _sample.RemoveAll(s => s.Program == paid.Program && s.Disbursement == paid.Id);
    }

    /// <summary>Writes the totals and the sample.</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(OpenPayments);
        writer.Write7BitEncodedInt(_openBySource.Count);
        foreach (KeyValuePair<(string Program, string Budget), int> source in _openBySource)
        {
            writer.Write(source.Key.Program);
            writer.Write(source.Key.Budget);
            writer.Write(source.Value);
        }

        writer.Write7BitEncodedInt(_netUnits.Count);
        foreach (KeyValuePair<Currency, long> net in _netUnits)
        {
            writer.Write(net.Key.Code);
            writer.Write(net.Value);
        }

        writer.Write7BitEncodedInt(_sample.Count);
        foreach ((long leaf, string program, string disbursement) in _sample)
        {
            writer.Write7BitEncodedInt64(leaf);
            writer.Write(program);
            writer.Write(disbursement);
        }
    }

    /// <summary>The payments <see cref="Write"/> wrote.</summary>
    internal static CounterpartyPayments Read(BinaryReader reader, int maxLeaves)
    {
        var payments = new CounterpartyPayments(maxLeaves) { OpenPayments = reader.ReadInt32() };
        int sources = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < sources; i++)
        {
            string program = reader.ReadString(), budget = reader.ReadString();
            payments._openBySource[(program, budget)] = reader.ReadInt32();
        }

        int currencies = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < currencies; i++)
        {
            Currency currency = Currency.Parse(reader.ReadString());
            payments._netUnits[currency] = reader.ReadInt64();
        }

        int sample = WatchdogStateCodec.ReadCount(reader, maxLeaves);
        for (int i = 0; i < sample; i++)
        {
            long leaf = reader.Read7BitEncodedInt64();
            string program = reader.ReadString(), disbursement = reader.ReadString();
            payments._sample.Add((leaf, program, disbursement));
        }

        return payments;
    }
}
