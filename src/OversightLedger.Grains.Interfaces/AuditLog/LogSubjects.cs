namespace OversightLedger.Grains.AuditLog;

/// <summary>The subject names under which the log indexes entries.</summary>
public static class LogSubjects
{
    /// <summary>The subject of every entry that names this budget.</summary>
    public static string Budget(string budgetId) => "budget/" + budgetId;

    /// <summary>The subject of every entry that names this program.</summary>
    public static string Program(string programId) => "program/" + programId;
}
