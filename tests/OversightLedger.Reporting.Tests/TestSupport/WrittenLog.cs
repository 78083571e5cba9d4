using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Reporting.Tests.TestSupport;

/// <summary>A log written to disk by <see cref="LedgerHistory.WriteAsync"/>: where it is, its key, its last checkpoint.</summary>
internal sealed record WrittenLog(string Directory, string VerifierKey, ReportCheckpoint Checkpoint)
{
    public FileSystemLogStorage Storage => new(Directory);
}
