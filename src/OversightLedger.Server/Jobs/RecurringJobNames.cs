namespace OversightLedger.Server.Jobs;

/// <summary>The ids and schedules (cron, UTC) of the server's Hangfire recurring jobs.</summary>
public static class RecurringJobNames
{
    /// <summary>Logs the expiry of exemptions past their sunset and warns of those near it.</summary>
    public const string ExemptionSunset = "exemption-sunset";

    /// <summary>Daily, ten minutes past midnight UTC.</summary>
    public const string ExemptionSunsetCron = "10 0 * * *";

    /// <summary>All the job ids the admin API may trigger.</summary>
    public static IReadOnlyList<string> All { get; } = [ExemptionSunset];
}
