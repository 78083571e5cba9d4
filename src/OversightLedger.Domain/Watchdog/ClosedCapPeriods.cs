using System.Security.Cryptography;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// The cap totals of closed periods of the log-backed programs inside a watchdog's replay (issue 17, item 2: "only the
/// current and open periods are held in memory"). As a program grain does with its store, a program here keeps in memory
/// the totals of the period of its latest entry and of the one before (<see cref="BeneficiaryProgram.PeriodsToClose"/>);
/// older periods' totals (<see cref="BeneficiaryProgram.EncodeClosingPeriod"/>) go to the monitor's temporary file
/// (<see cref="ClosedShareFile"/>, beside the old quarters' beneficiary shares), and come back
/// (<see cref="BeneficiaryProgram.ReopenPeriod"/>, checked against their digest) before an entry that names one of them is
/// checked: a late payment for that period, or a reversal of a payment in it. A period brought back stays in memory until
/// the program's next period begins, then closes again. A snapshot carries the stored copies
/// (<see cref="Write"/>), since the file goes with the process.
/// </summary>
/// <remarks>Not thread-safe: one monitor owns one instance.</remarks>
internal sealed class ClosedCapPeriods(ClosedShareFile file)
{
    private readonly Dictionary<(string Program, string Period), (long Offset, int Length)> _stored = [];

    /// <summary>Per program, the month (year × 12 + month) of the latest counted entry's time, at which it last closed periods.</summary>
    private readonly Dictionary<string, int> _closedAtMonth = new(StringComparer.Ordinal);

    /// <summary>How many closed periods' totals are in the file.</summary>
    internal int Count => _stored.Count;

    /// <summary>
    /// Before <paramref name="entry"/> is checked and applied: the closed period it names (a payment's period, the period
    /// of the payment a reversal undoes, whose facts the replay has recalled) is brought back into memory.
    /// </summary>
    internal void ReopenNamedBy(IReadOnlyDictionary<string, BeneficiaryProgram> programs, LedgerEntry entry)
    {
        if (_stored.Count == 0)
        {
            return;
        }

        (string programId, string? period) = entry switch
        {
            Disbursed paid => (paid.Program, paid.Period),
            Reversed reversed => (reversed.Program, programs.TryGetValue(reversed.Program, out BeneficiaryProgram? of) ? of.PeriodOfDisbursement(reversed.Disbursement) : null),
            _ => (string.Empty, null),
        };
        if (period is not null && programs.TryGetValue(programId, out BeneficiaryProgram? program) && program.MustReopenPeriod(period)
            && _stored.Remove((programId, period), out (long Offset, int Length) where))
        {
            program.ReopenPeriod(period, file.Read(where.Offset, where.Length));
        }
    }

    /// <summary>
    /// After a counted entry of a program is observed (its rules included): when the entry's time starts a month later than
    /// any the program has seen, the periods it may close now go to the file.
    /// </summary>
    internal void CloseOldPeriods(IReadOnlyDictionary<string, BeneficiaryProgram> programs, LedgerEntry entry)
    {
        if (entry is ProgramOpened || BeneficiaryProgram.ProgramOf(entry) is not { } programId
            || !programs.TryGetValue(programId, out BeneficiaryProgram? program) || !program.IsLogBacked)
        {
            return;
        }

        DateTime utc = entry.Time.UtcDateTime;
        int month = (utc.Year * 12) + utc.Month;
        if (_closedAtMonth.TryGetValue(programId, out int closedAt) && month <= closedAt)
        {
            return;
        }

        _closedAtMonth[programId] = month;
        foreach (string period in program.PeriodsToClose())
        {
            ClosingPeriod closing = program.EncodeClosingPeriod(period);
            long offset = file.Write(closing.Content);
            if (program.ClosePeriod(closing))
            {
                _stored[(programId, period)] = (offset, closing.Content.Length);
            }
        }
    }

    /// <summary>The stored copy of a closed period, as the program named it: for tests and for <see cref="Write"/>.</summary>
    internal byte[] Read(string programId, string period)
    {
        (long offset, int length) = _stored[(programId, period)];
        return file.Read(offset, length);
    }

    /// <summary>Writes the stored copy of every closed period, in (program, period) ordinal order, read back from the file one at a time.</summary>
    internal void Write(BinaryWriter writer)
    {
        var keys = _stored.Keys.ToList();
        keys.Sort((a, b) => string.CompareOrdinal(a.Program, b.Program) is var c and not 0 ? c : string.CompareOrdinal(a.Period, b.Period));
        writer.Write7BitEncodedInt(keys.Count);
        foreach ((string program, string period) in keys)
        {
            writer.Write(program);
            writer.Write(period);
            byte[] content = Read(program, period);
            writer.Write7BitEncodedInt(content.Length);
            writer.Write(content);
        }
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote into this (empty) state, for the <paramref name="programs"/> restored with it:
    /// each copy must be one a program names as closed (its digest), and every period a program names must have its copy.
    /// </summary>
    /// <exception cref="InvalidDataException">A copy is not named, damaged, repeated, or missing.</exception>
    internal void Read(BinaryReader reader, IReadOnlyDictionary<string, BeneficiaryProgram> programs)
    {
        int count = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < count; i++)
        {
            string programId = reader.ReadString(), period = reader.ReadString();
            int length = WatchdogStateCodec.ReadCount(reader);
            byte[] content = reader.ReadBytes(length);
            ClosedPeriodTotals? named = programs.GetValueOrDefault(programId)?.ClosedPeriod(period);
            if (content.Length != length || named is null || _stored.ContainsKey((programId, period)) || !Proves(content, named.Digest))
            {
                throw new InvalidDataException($"The snapshot's copy of the closed period {period} of '{programId}' is not one its program names, damaged, or repeated.");
            }

            _stored.Add((programId, period), (file.Write(content), content.Length));
        }

        int namedByPrograms = programs.Values.Sum(p => p.ClosedPeriods.Count);
        if (namedByPrograms != _stored.Count)
        {
            throw new InvalidDataException($"The snapshot's programs name {namedByPrograms} closed periods, it holds copies of {_stored.Count}.");
        }
    }

    /// <summary>Whether the content ends with the SHA-256 of what precedes it and that is <paramref name="digest"/> (as <see cref="ClosedPeriodTotals.Digest"/>).</summary>
    private static bool Proves(byte[] content, string digest)
    {
        if (content.Length < SHA256.HashSizeInBytes)
        {
            return false;
        }

        ReadOnlySpan<byte> trailer = content.AsSpan(content.Length - SHA256.HashSizeInBytes);
        return Convert.ToHexStringLower(trailer) == digest
            && SHA256.HashData(content.AsSpan(0, content.Length - SHA256.HashSizeInBytes)).AsSpan().SequenceEqual(trailer);
    }
}
