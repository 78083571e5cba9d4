using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Licences;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Replay;

/// <summary>
/// The state of a whole-log replay (<see cref="LedgerReplay()"/>) in a snapshot: what a watchdog's monitor restores from
/// instead of replaying the log from leaf 0 (issue 17, item 1).
/// </summary>
public sealed partial class LedgerReplay
{
    /// <summary>
    /// Writes the state: the leaves read, every id seen with its first leaf, each budget's and program's own snapshot
    /// (<see cref="ReliefBudget.ToSnapshot"/>, <see cref="BeneficiaryProgram.ToSnapshot()"/>), each counterparty's
    /// registration, latest screening and latest review, and the licence entries applied. The violations already
    /// reported are not state the rules read and are left out: a restored replay reports those of the leaves after it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The replay is not a whole-log replay in memory.</exception>
    internal void WriteWholeLog(BinaryWriter writer)
    {
        if (_scoped || _logged is not null || _idFilter is not null)
        {
            throw new InvalidOperationException("Only a whole-log replay in memory is written to a watchdog's snapshot.");
        }

        writer.Write(LeavesRead);
        writer.Write7BitEncodedInt(_firstLeafOfId.Count);
        foreach (KeyValuePair<string, ulong> id in _firstLeafOfId)
        {
            writer.Write(id.Key);
            writer.Write7BitEncodedInt64((long)id.Value);
        }

        writer.Write7BitEncodedInt(_budgets.Count);
        foreach (ReliefBudget budget in _budgets.Values)
        {
            WriteBlock(writer, budget.BudgetId, budget.ToSnapshot());
        }

        writer.Write7BitEncodedInt(_programs.Count);
        foreach (BeneficiaryProgram program in _programs.Values)
        {
            WriteBlock(writer, program.ProgramId, program.ToSnapshot());
        }

        WriteCounterpartiesAndLicences(writer);
    }

    /// <summary>The whole-log replay <see cref="WriteWholeLog"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The state is malformed.</exception>
    internal static LedgerReplay ReadWholeLog(BinaryReader reader)
    {
        var replay = new LedgerReplay { LeavesRead = reader.ReadUInt64() };
        int ids = Count(reader);
        for (int i = 0; i < ids; i++)
        {
            string id = reader.ReadString();
            if (!replay._firstLeafOfId.TryAdd(id, (ulong)reader.Read7BitEncodedInt64()))
            {
                throw new InvalidDataException($"The snapshot holds the id '{id}' twice.");
            }
        }

        int budgets = Count(reader);
        for (int i = 0; i < budgets; i++)
        {
            (string id, byte[] body) = ReadBlock(reader);
            if (!replay._budgets.TryAdd(id, ReliefBudget.FromSnapshot(id, body)))
            {
                throw new InvalidDataException($"The snapshot holds the budget '{id}' twice.");
            }
        }

        int programs = Count(reader);
        for (int i = 0; i < programs; i++)
        {
            (string id, byte[] body) = ReadBlock(reader);
            if (!replay._programs.TryAdd(id, BeneficiaryProgram.FromSnapshot(id, body)))
            {
                throw new InvalidDataException($"The snapshot holds the program '{id}' twice.");
            }
        }

        ReadCounterpartiesAndLicences(reader, replay);
        return replay;
    }

    /// <summary>Each counterparty's registration, latest screening and latest review, then the licence entries applied.</summary>
    private void WriteCounterpartiesAndLicences(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(_counterparties.Count);
        foreach (Counterparty counterparty in _counterparties.Values)
        {
            writer.Write(counterparty.CounterpartyId);
            WriteEntry(writer, counterparty.Registration);
            WriteEntry(writer, counterparty.LatestScreening);
            WriteEntry(writer, counterparty.LatestReview);
        }

        writer.Write7BitEncodedInt(_licences.AppliedEntries.Count);
        foreach (LedgerEntry entry in _licences.AppliedEntries)
        {
            WriteEntry(writer, entry);
        }
    }

    /// <summary>What <see cref="WriteCounterpartiesAndLicences"/> wrote, into <paramref name="replay"/>.</summary>
    private static void ReadCounterpartiesAndLicences(BinaryReader reader, LedgerReplay replay)
    {
        int counterparties = Count(reader);
        for (int i = 0; i < counterparties; i++)
        {
            var counterparty = new Counterparty(reader.ReadString());
            for (int part = 0; part < 3; part++)
            {
                if (ReadEntry(reader) is { } entry)
                {
                    if (Counterparty.CounterpartyOf(entry) != counterparty.CounterpartyId)
                    {
                        throw new InvalidDataException($"The snapshot lists the {entry.Kind} entry '{entry.Id}' under the counterparty '{counterparty.CounterpartyId}'.");
                    }

                    counterparty.Apply(entry);
                }
            }

            if (!replay._counterparties.TryAdd(counterparty.CounterpartyId, counterparty))
            {
                throw new InvalidDataException($"The snapshot holds the counterparty '{counterparty.CounterpartyId}' twice.");
            }
        }

        int licenceEntries = Count(reader);
        for (int i = 0; i < licenceEntries; i++)
        {
            LedgerEntry entry = ReadEntry(reader) ?? throw new InvalidDataException("The snapshot holds an empty licence entry.");
            if (!LicenceRegime.Concerns(entry) || replay._licences.Check(entry) is not null)
            {
                throw new InvalidDataException($"The snapshot holds the {entry.Kind} entry '{entry.Id}', which the licence regime does not apply.");
            }

            replay._licences.Apply(entry);
        }
    }

    private static void WriteBlock(BinaryWriter writer, string id, byte[] body)
    {
        writer.Write(id);
        writer.Write7BitEncodedInt(body.Length);
        writer.Write(body);
    }

    private static (string Id, byte[] Body) ReadBlock(BinaryReader reader)
    {
        string id = reader.ReadString();
        int length = Count(reader);
        byte[] body = reader.ReadBytes(length);
        return body.Length == length ? (id, body) : throw new InvalidDataException("The snapshot ends inside a state.");
    }

    private static void WriteEntry(BinaryWriter writer, LedgerEntry? entry)
    {
        if (entry is null)
        {
            writer.Write7BitEncodedInt(0);
            return;
        }

        byte[] bytes = entry.ToCanonicalJson();
        writer.Write7BitEncodedInt(bytes.Length);
        writer.Write(bytes);
    }

    private static LedgerEntry? ReadEntry(BinaryReader reader)
    {
        int length = Count(reader);
        if (length == 0)
        {
            return null;
        }

        byte[] bytes = reader.ReadBytes(length);
        return bytes.Length == length && LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _)
            ? entry
            : throw new InvalidDataException("The snapshot holds a malformed entry.");
    }

    private static int Count(BinaryReader reader)
    {
        int count = reader.Read7BitEncodedInt();
        return count >= 0 ? count : throw new InvalidDataException("A count in the snapshot is negative.");
    }
}
