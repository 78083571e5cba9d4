using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Licences;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Replay;

/// <summary>
/// A whole-log replay whose budgets and programs are log-backed (<see cref="ReliefBudget.LogBacked"/>,
/// <see cref="BeneficiaryProgram.LogBacked"/>): what a watchdog's monitor holds, so that its memory does not grow with
/// the number of disbursements (issue 17). It keeps a filter of the ids it has indexed (about two bytes an id), one bit
/// per leaf saying whether it counted the entry, and the budgets' and programs' own log-backed state; the caller reads
/// back from the log, through its id index, what <see cref="IdsToLookUp"/> names before each entry and hands it over
/// with <see cref="Found"/>.
/// </summary>
public sealed partial class LedgerReplay
{
    private readonly EntryIdFilter? _idFilter;
    private readonly CountedLeaves? _counted;
    private readonly Dictionary<string, ulong> _firstLeavesFound = new(StringComparer.Ordinal);

    private LedgerReplay(EntryIdFilter ids, CountedLeaves counted)
    {
        _idFilter = ids;
        _counted = counted;
    }

    /// <summary>Whether this is a log-backed whole-log replay (<see cref="LogBacked"/>).</summary>
    public bool IsLogBacked => _idFilter is not null;

    /// <summary>
    /// A replay of the whole log, as <see cref="LedgerReplay()"/>, that keeps no disbursement's facts once
    /// <see cref="ForgetDisbursementsBefore"/> lets them go: before each entry, the caller looks up in the log every id
    /// <see cref="IdsToLookUp"/> names (the leaf its id index gives, and the entry there) and hands it to <see cref="Found"/>.
    /// </summary>
    public static LedgerReplay LogBacked() => new(new EntryIdFilter(), new CountedLeaves());

    /// <summary>
    /// The ids that the replay must look up in the log before it applies <paramref name="entry"/> (log-backed replay):
    /// the entry's own id when the filter may hold it (a repeated id, or a false positive), and the disbursement a reversal
    /// or a delivery names when its budget or program does not hold its facts.
    /// </summary>
    public IReadOnlyList<string> IdsToLookUp(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_idFilter is null)
        {
            return [];
        }

        List<string>? ids = null;
        if ((IndexesIdOf(entry) || LicenceRegime.Concerns(entry)) && _idFilter.MightContain(entry.Id))
        {
            (ids ??= []).Add(entry.Id);
        }

        (string Budget, string Program, string Disbursement)? named = entry switch
        {
            Reversed reversed => (reversed.Budget, reversed.Program, reversed.Disbursement),
            Delivered delivered => (delivered.Budget, delivered.Program, delivered.Disbursement),
            _ => null,
        };
        if (named is { } n
            && ((_budgets.TryGetValue(n.Budget, out ReliefBudget? budget) && budget.MustRecallDisbursement(n.Disbursement))
                || (_programs.TryGetValue(n.Program, out BeneficiaryProgram? program) && program.MustRecallDisbursement(n.Disbursement))))
        {
            (ids ??= []).Add(n.Disbursement);
        }

        return ids ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// What the log's id index gives for an id <see cref="IdsToLookUp"/> named: the leaf of the first entry with that id
    /// and that entry (null when the index does not know the id, or the leaf is not a well-formed entry). Only a leaf
    /// already replayed counts; a disbursement the replay counted there is handed to its budget and program.
    /// </summary>
    public void Found(string id, ulong? leafIndex, LedgerEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_idFilter is null || leafIndex is not { } leaf || leaf >= LeavesRead || entry is null || entry.Id != id)
        {
            return;
        }

        if (IndexesIdOf(entry) || LicenceRegime.Concerns(entry))
        {
            _firstLeavesFound[id] = leaf;
        }

        if (entry is Disbursed disbursed && _counted!.Contains(leaf))
        {
            if (_budgets.TryGetValue(disbursed.Budget, out ReliefBudget? budget) && budget.IsDisbursementApplied(disbursed, leaf))
            {
                budget.RecallDisbursements([(disbursed, leaf)]);
            }

            if (_programs.TryGetValue(disbursed.Program, out BeneficiaryProgram? program) && program.IsDisbursementApplied(disbursed, leaf))
            {
                program.RecallDisbursements([(disbursed, leaf)]);
            }
        }
    }

    /// <summary>Whether the replay counted the entry at <paramref name="leafIndex"/> (log-backed replay only).</summary>
    /// <exception cref="InvalidOperationException">The replay is not log-backed.</exception>
    public bool Counted(ulong leafIndex) =>
        (_counted ?? throw new InvalidOperationException("Only a log-backed replay records which leaves it counted.")).Contains(leafIndex);

    /// <summary>
    /// Lets go of the facts of the disbursements applied below <paramref name="position"/> (at most the leaves read): the
    /// budgets and programs read them back from the log when a rule names one again.
    /// </summary>
    public void ForgetDisbursementsBefore(ulong position)
    {
        position = Math.Min(position, LeavesRead);
        foreach (ReliefBudget budget in _budgets.Values)
        {
            budget.MarkAppliedBelow(position);
            budget.ForgetDisbursementsBefore(position);
        }

        foreach (BeneficiaryProgram program in _programs.Values)
        {
            program.MarkAppliedBelow(position);
            program.ForgetDisbursementsBefore(position);
        }
    }

    /// <summary>Log-backed: whether the id is new, adding it; false when an earlier leaf has it (the log's index said so).</summary>
    private bool TryAddLogBackedId(string id, ulong leafIndex)
    {
        if (_firstLeafOfId.ContainsKey(id) || (_firstLeavesFound.TryGetValue(id, out ulong first) && first < leafIndex && _idFilter!.MightContain(id)))
        {
            return false;
        }

        _idFilter!.Add(id);
        return true;
    }

    /// <summary>
    /// Writes the state of a log-backed replay: the leaves read, the id filter, the licence ids, the counted leaves, each
    /// budget's and program's log-backed snapshot at the leaves read (a program's followed by the content of the base it
    /// stands on, <paramref name="baseOf"/>, or nothing), the counterparties and the licence entries.
    /// </summary>
    /// <param name="writer">Where to.</param>
    /// <param name="baseOf">The stored content of the base a program stands on (<see cref="BeneficiaryProgram.BaseDigest"/> not null).</param>
    internal void WriteLogBacked(BinaryWriter writer, Func<BeneficiaryProgram, byte[]> baseOf)
    {
        if (_idFilter is null)
        {
            throw new InvalidOperationException("Only a log-backed replay is written this way.");
        }

        writer.Write(LeavesRead);
        _idFilter.Write(writer);
        writer.Write7BitEncodedInt(_firstLeafOfId.Count);
        foreach (KeyValuePair<string, ulong> id in _firstLeafOfId)
        {
            writer.Write(id.Key);
            writer.Write7BitEncodedInt64((long)id.Value);
        }

        _counted!.Write(writer);
        writer.Write7BitEncodedInt(_budgets.Count);
        foreach (ReliefBudget budget in _budgets.Values)
        {
            WriteBlock(writer, budget.BudgetId, budget.ToSnapshot(LeavesRead));
        }

        writer.Write7BitEncodedInt(_programs.Count);
        foreach (BeneficiaryProgram program in _programs.Values)
        {
            WriteBlock(writer, program.ProgramId, program.ToSnapshot(LeavesRead));
            WriteBlock(writer, program.ProgramId, program.BaseDigest is null ? [] : baseOf(program));
        }

        WriteCounterpartiesAndLicences(writer);
    }

    /// <summary>The log-backed replay <see cref="WriteLogBacked"/> wrote; <paramref name="onBase"/> is given each program's base content read.</summary>
    /// <exception cref="InvalidDataException">The state is malformed, or a base is not the one its program names.</exception>
    internal static LedgerReplay ReadLogBacked(BinaryReader reader, Action<string, byte[]> onBase)
    {
        ulong leaves = reader.ReadUInt64();
        EntryIdFilter filter = EntryIdFilter.Read(reader);
        var licenceIds = new Dictionary<string, ulong>(StringComparer.Ordinal);
        int ids = Count(reader);
        for (int i = 0; i < ids; i++)
        {
            string id = reader.ReadString();
            if (!licenceIds.TryAdd(id, (ulong)reader.Read7BitEncodedInt64()))
            {
                throw new InvalidDataException($"The snapshot holds the id '{id}' twice.");
            }
        }

        var replay = new LedgerReplay(filter, CountedLeaves.Read(reader)) { LeavesRead = leaves };
        foreach (KeyValuePair<string, ulong> id in licenceIds)
        {
            replay._firstLeafOfId.TryAdd(id.Key, id.Value);
        }

        int budgets = Count(reader);
        for (int i = 0; i < budgets; i++)
        {
            (string id, byte[] body) = ReadBlock(reader);
            ReliefBudget budget = ReliefBudget.FromLogBackedSnapshot(id, body);
            budget.MarkAppliedBelow(leaves);
            if (!replay._budgets.TryAdd(id, budget))
            {
                throw new InvalidDataException($"The snapshot holds the budget '{id}' twice.");
            }
        }

        int programs = Count(reader);
        for (int i = 0; i < programs; i++)
        {
            (string id, byte[] body) = ReadBlock(reader);
            (string baseId, byte[] baseContent) = ReadBlock(reader);
            if (baseId != id)
            {
                throw new InvalidDataException($"The snapshot holds the base of '{baseId}' after the program '{id}'.");
            }

            BeneficiaryProgram program = BeneficiaryProgram.FromLogBackedSnapshot(id, body, baseContent.Length == 0 ? null : baseContent);
            if (baseContent.Length > 0)
            {
                onBase(id, program.BaseDigest is not null ? baseContent : throw new InvalidDataException($"The snapshot holds a base for '{id}', whose state names none."));
            }

            program.MarkAppliedBelow(leaves);
            if (!replay._programs.TryAdd(id, program))
            {
                throw new InvalidDataException($"The snapshot holds the program '{id}' twice.");
            }
        }

        ReadCounterpartiesAndLicences(reader, replay);
        return replay;
    }
}
