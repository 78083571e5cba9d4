namespace OversightLedger.Server.Hosting;

/// <summary>
/// The azure profile's settings, bound from the <c>Azure</c> section (<c>--Azure:ClusterId C</c>,
/// <c>OVERSIGHT_Azure__ClusterId=C</c>). Every silo of a cluster is given the same values.
/// </summary>
public sealed class AzureProfileOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Azure";

    /// <summary>
    /// The one storage account (tables for clustering and reminders, blobs for grain state and the log), as an Azure
    /// Storage connection string. Required.
    /// </summary>
    public string StorageConnectionString { get; set; } = "";

    /// <summary>The Orleans cluster id: silos with the same id form one cluster. Default: <c>oversightledger</c>.</summary>
    public string ClusterId { get; set; } = "oversightledger";

    /// <summary>The Orleans service id (keys grain state and reminders; keep it across deployments). Default: <c>oversightledger</c>.</summary>
    public string ServiceId { get; set; } = "oversightledger";

    /// <summary>The blob container of the public log (tlog-tiles layout). Default: <c>log</c>.</summary>
    public string LogContainer { get; set; } = "log";

    /// <summary>The blob container of grain state (API keys, witness and watchdog registries). Default: <c>grainstate</c>.</summary>
    public string GrainStateContainer { get; set; } = "grainstate";

    /// <summary>
    /// A directory holding the ledger's two secrets, shared by every silo and never created by the server:
    /// <c>log.key</c> (the log's Ed25519 signer key, <c>PRIVATE+KEY+&lt;origin&gt;+…</c>) and <c>pseudonym.key</c>
    /// (base64 of 32 random bytes). On Azure Container Apps it is a secret volume. Required.
    /// </summary>
    public string KeysDirectory { get; set; } = "";
}
