using System.Globalization;
using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Watchdog;

/// <summary>The watchdog's state snapshot (issue 17, item 1): what its grain restores from instead of reading the log from leaf 0.</summary>
public sealed partial class WatchdogMonitor
{
    /// <summary>The kind named in a watchdog's snapshot.</summary>
    public const string SnapshotKind = "watchdog";

    /// <summary>
    /// The kind written in the body of a log-backed monitor's snapshot (<see cref="LogBacked"/>); the store still names the
    /// snapshot <see cref="SnapshotKind"/>, so a snapshot of an earlier format is found, refused and replaced. Version 3: the
    /// programs name their closed periods, whose totals follow the replay (<see cref="ClosedCapPeriods"/>), and each stands
    /// on a base whose content follows its state (<see cref="WatchdogProgramBases"/>); a version-2 body, whose programs
    /// held every period's totals, is refused.
    /// </summary>
    public const string LogBackedBodyKind = "watchdog/log-backed/3";

    /// <summary>The prefix of every log-backed body kind, current or earlier.</summary>
    private const string LogBackedBodyKindPrefix = "watchdog/log-backed/";

    /// <summary>
    /// The monitor's state and the watchdog's <paramref name="findings"/> as a snapshot body, taken at
    /// <see cref="NextLeafIndex"/>: the settings and scope it ran with (a restore under others is refused), the whole-log
    /// replay inside it, what each rule keeps (scope learnt, findings raised and not yet read back, beneficiary shares of
    /// the quarters kept, program tallies, payments per counterparty) and the finding entries applied to the book, in order.
    /// </summary>
    public byte[] ToSnapshot(FindingBook findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return StateSnapshotCodec.Write(writer =>
        {
            if (_replay.IsLogBacked)
            {
                _replay.ForgetDisbursementsBefore(NextLeafIndex); // all of them are in the log: the snapshot holds none
            }

            writer.Write(StateSnapshotCodec.Version);
            writer.Write(_replay.IsLogBacked ? LogBackedBodyKind : SnapshotKind);
            writer.Write(Watchdog);
            writer.Write(SettingsText(Settings));
            WatchdogStateCodec.WriteStrings(writer, [.. Scope.Budgets]);
            WatchdogStateCodec.WriteStrings(writer, [.. Scope.Programs]);
            writer.Write(NextLeafIndex);
            if (_replay.IsLogBacked)
            {
                _replay.WriteLogBacked(writer, _programBases!.ContentOf);
                _closedCaps!.Write(writer);
            }
            else
            {
                _replay.WriteWholeLog(writer);
            }

            _scope.Write(writer);
            _outbox.Write(writer);
            _beneficiaryRules.Write(writer);
            _programRules.Write(writer);
            _counterpartyRule.Write(writer);
            writer.Write7BitEncodedInt(findings.AppliedCount);
            foreach (LedgerEntry entry in findings.AppliedEntries)
            {
                byte[] bytes = entry.ToCanonicalJson();
                writer.Write7BitEncodedInt(bytes.Length);
                writer.Write(bytes);
            }
        }, expectedBytes: (_replay.IsLogBacked ? 4L : 64L) * (long)NextLeafIndex);
    }

    /// <summary>
    /// The monitor and finding book <see cref="ToSnapshot"/> was taken of, equal to what observing the same leaves gives;
    /// go on observing at <see cref="NextLeafIndex"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The snapshot is malformed, of another version or watchdog, or was taken with other settings or another scope.
    /// </exception>
    public static (WatchdogMonitor Monitor, FindingBook Findings) FromSnapshot(
        string watchdog, WatchdogRuleSettings settings, WatchdogScope scope, ReadOnlySpan<byte> snapshot) =>
        FromSnapshot(watchdog, settings, scope, snapshot, requireLogBacked: false);

    /// <summary>
    /// As <see cref="FromSnapshot(string, WatchdogRuleSettings, WatchdogScope, ReadOnlySpan{byte})"/>, for a log-backed
    /// monitor (<see cref="LogBacked"/>): a snapshot of the earlier format, whose replay kept every disbursement, is refused.
    /// </summary>
    /// <exception cref="InvalidDataException">As there, or the snapshot is of the earlier format.</exception>
    public static (WatchdogMonitor Monitor, FindingBook Findings) FromLogBackedSnapshot(
        string watchdog, WatchdogRuleSettings settings, WatchdogScope scope, ReadOnlySpan<byte> snapshot) =>
        FromSnapshot(watchdog, settings, scope, snapshot, requireLogBacked: true);

    private static (WatchdogMonitor Monitor, FindingBook Findings) FromSnapshot(
        string watchdog, WatchdogRuleSettings settings, WatchdogScope scope, ReadOnlySpan<byte> snapshot, bool requireLogBacked)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(scope);
        return StateSnapshotCodec.Read(snapshot, reader =>
        {
            byte version = reader.ReadByte();
            string kind = reader.ReadString(), id = reader.ReadString();
            if (kind != LogBackedBodyKind && kind.StartsWith(LogBackedBodyKindPrefix, StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"The snapshot is of an earlier format ({kind}, not {LogBackedBodyKind}), whose programs held every period's cap totals in memory; it is read again from the log.");
            }

            if (version != StateSnapshotCodec.Version || kind is not SnapshotKind and not LogBackedBodyKind || id != watchdog)
            {
                throw new InvalidDataException($"The snapshot is of {kind} '{id}' (version {version}), not {SnapshotKind} '{watchdog}' (version {StateSnapshotCodec.Version}).");
            }

            bool logBacked = kind == LogBackedBodyKind;
            if (requireLogBacked && !logBacked)
            {
                throw new InvalidDataException($"The snapshot is of the earlier format ({kind}), whose replay keeps every disbursement; it is read again from the log.");
            }

            if (reader.ReadString() != SettingsText(settings))
            {
                throw new InvalidDataException("The snapshot was taken with other rule settings.");
            }

            List<string> budgets = WatchdogStateCodec.ReadStrings(reader), programs = WatchdogStateCodec.ReadStrings(reader);
            if (!budgets.SequenceEqual(scope.Budgets) || !programs.SequenceEqual(scope.Programs))
            {
                throw new InvalidDataException("The snapshot was taken with another scope.");
            }

            ulong next = reader.ReadUInt64();
            var bases = new List<(string Program, byte[] Content)>();
            var monitor = new WatchdogMonitor(
                watchdog, settings, scope, logBacked ? LedgerReplay.ReadLogBacked(reader, (program, content) => bases.Add((program, content))) : LedgerReplay.ReadWholeLog(reader))
            {
                NextLeafIndex = next,
            };
            foreach ((string program, byte[] content) in bases)
            {
                monitor._programBases!.Restored(program, content);
            }

            if (monitor._replay.LeavesRead != next)
            {
                throw new InvalidDataException($"The snapshot's replay read {monitor._replay.LeavesRead} leaves, its monitor {next}.");
            }

            monitor._closedCaps?.Read(reader, monitor._replay.Programs);
            monitor._scope.Read(reader);
            monitor._outbox.Read(reader);
            monitor._beneficiaryRules.Read(reader);
            monitor._programRules.Read(reader);
            monitor._counterpartyRule.Read(reader);
            var book = new FindingBook();
            int count = WatchdogStateCodec.ReadCount(reader);
            for (int i = 0; i < count; i++)
            {
                int length = WatchdogStateCodec.ReadCount(reader);
                byte[] bytes = reader.ReadBytes(length);
                if (bytes.Length != length || !LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _) || !FindingBook.IsFindingEntry(entry)
                    || book.Apply(entry) is not null)
                {
                    throw new InvalidDataException($"Finding entry {i} of the snapshot is malformed or not applicable.");
                }
            }

            return (monitor, book);
        });
    }

    /// <summary>The beneficiary shares the rules keep, in memory or written out (the bulk of the rules' own state): for measuring.</summary>
    public int BeneficiaryShares => _beneficiaryRules.ShareCount;

    /// <summary>The beneficiary shares the rules hold in memory (those of the open quarters and of quarters named again): for measuring.</summary>
    public int BeneficiarySharesInMemory => _beneficiaryRules.SharesInMemory;

    /// <summary>The closed periods whose programs' cap totals are in the temporary file rather than in memory (log-backed): for measuring.</summary>
    public int ClosedCapPeriodsInFile => _closedCaps?.Count ?? 0;

    /// <summary>How many program bases this monitor wrote to its temporary file (log-backed): for measuring.</summary>
    public int ProgramBasesWritten => _programBases?.Written ?? 0;

    /// <summary>
    /// Every program's cap totals, of every period, in memory or in the file, one line per (program, period, pseudonym) in
    /// ordinal order: what the tests compare with a monitor that keeps every period in memory.
    /// </summary>
    internal string DescribeCapTotals()
    {
        var text = new StringBuilder();
        foreach (BeneficiaryProgram program in _replay.Programs.Values.OrderBy(p => p.ProgramId, StringComparer.Ordinal))
        {
            var periods = program.PeriodsInMemory.Select(p => (Period: p, Stored: program.EncodeClosingPeriod(p)))
                .Select(p => (p.Period, Named: p.Stored.Totals, p.Stored.Content))
                .Concat(program.ClosedPeriods.Select(named => (named.Period, Named: named, Content: _closedCaps!.Read(program.ProgramId, named.Period))))
                .OrderBy(p => p.Period, StringComparer.Ordinal);
            foreach ((string period, ClosedPeriodTotals named, byte[] content) in periods)
            {
                foreach ((PseudonymBits bits, long total) in ClosedPeriodCodec.Decode(program.ProgramId, named, content)
                    .OrderBy(t => t.Key.W0).ThenBy(t => t.Key.W1).ThenBy(t => t.Key.W2).ThenBy(t => t.Key.W3))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{program.ProgramId} {period} {bits.W0:x16}{bits.W1:x16}{bits.W2:x16}{bits.W3:x16} {total}\n");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Every setting, in a fixed order and the invariant culture: a snapshot holds the rules' state under these only.</summary>
    private static string SettingsText(WatchdogRuleSettings settings)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{settings.MaxLeavesCited}|{settings.OverCapRepayMinimumReversals}|{settings.VelocityFactor}|{settings.VelocityTrailingPeriods}|");
        text.Append(CultureInfo.InvariantCulture, $"{settings.VelocityMinimumHistoryPeriods}|{settings.VelocityMinimumAmount}|{settings.StructuringThreshold}|");
        foreach (KeyValuePair<string, decimal> threshold in settings.StructuringThresholdsByCurrency.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{threshold.Key}={threshold.Value};");
        }

        text.Append(CultureInfo.InvariantCulture, $"|{settings.StructuringMarginPercent}|{settings.StructuringMinimumCount}|{settings.ReversalSharePercent}|{settings.ReversalMinimumVolume}");
        return text.ToString();
    }
}
