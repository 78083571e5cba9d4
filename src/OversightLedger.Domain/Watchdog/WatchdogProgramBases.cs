using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// The stored bases of the log-backed programs inside a watchdog's replay (issue 17). A log-backed program keeps the
/// fingerprints (16 bytes) of every disbursement and enrolment id added since its base, for snapshots that hold only what
/// changed since (<see cref="BeneficiaryProgram.ToSnapshot(ulong)"/>); a program grain writes a base now and then, and so
/// does the watchdog here: when <see cref="BeneficiaryProgram.IsBaseDue"/>, the program's state is frozen, encoded and
/// appended to the monitor's temporary file (<see cref="ClosedShareFile"/>), and the program stands on it, letting go of
/// those fingerprints (and holding its enrolled pseudonyms and open periods' totals as sorted arrays). A snapshot carries
/// each program's base content after its state (<see cref="Replay.LedgerReplay"/>), read back from the file.
/// </summary>
/// <remarks>Not thread-safe: one monitor owns one instance.</remarks>
internal sealed class WatchdogProgramBases(ClosedShareFile file, long leastChanges)
{
    private readonly Dictionary<string, (long Offset, int Length)> _stored = new(StringComparer.Ordinal);

    /// <summary>How many bases were written to the file (the latest of each program is the one it stands on).</summary>
    internal int Written { get; private set; }

    /// <summary>Writes a new base for each program whose changes since its last one are due (the file's blocks are never rewritten).</summary>
    internal void WriteDue(IEnumerable<BeneficiaryProgram> programs)
    {
        foreach (BeneficiaryProgram program in programs)
        {
            if (!program.IsBaseDue(leastChanges))
            {
                continue;
            }

            ProgramBase frozen = program.FreezeBase();
            frozen.Encode();
            byte[] content = frozen.ToArray();
            long offset = file.Write(content);
            program.AdoptBase(frozen);
            _stored[program.ProgramId] = (offset, content.Length);
            Written++;
        }
    }

    /// <summary>The content of the base <paramref name="program"/> stands on, read back from the file.</summary>
    /// <exception cref="InvalidOperationException">The program stands on no base written here.</exception>
    internal byte[] ContentOf(BeneficiaryProgram program)
    {
        (long offset, int length) = _stored.TryGetValue(program.ProgramId, out (long, int) where)
            ? where
            : throw new InvalidOperationException($"The program '{program.ProgramId}' stands on no base of this monitor.");
        return file.Read(offset, length);
    }

    /// <summary>A program restored from a snapshot stands on <paramref name="content"/> (checked by its restore): kept in the file.</summary>
    internal void Restored(string programId, byte[] content) => _stored[programId] = (file.Write(content), content.Length);
}
