namespace OversightLedger.Storage.Azure;

/// <summary>Where a <see cref="BlobLogStorage"/> keeps its log: one container of an Azure Storage account.</summary>
public sealed class BlobLogStorageOptions
{
    /// <summary>The storage account's connection string (for Azurite, the well-known development account with its blob endpoint).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The container that holds the log's <c>checkpoint</c> and <c>tile/</c> blobs; created when missing.</summary>
    public string ContainerName { get; set; } = "log";

    /// <summary>How many tiles of one commit are uploaded at once.</summary>
    public int MaxParallelUploads { get; set; } = 8;
}
