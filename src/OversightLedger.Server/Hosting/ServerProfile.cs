namespace OversightLedger.Server.Hosting;

/// <summary>Where the server keeps its state (DESIGN §6): chosen by the <c>Profile</c> setting.</summary>
public enum ServerProfile
{
    /// <summary>One silo, everything durable under the data directory, jobs in memory (the default).</summary>
    Embedded,

    /// <summary>Many silos on one Azure Storage account (clustering, grain state, reminders, log blobs), jobs on PostgreSQL.</summary>
    Azure,
}
