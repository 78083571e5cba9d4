using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Health;

/// <summary>The azure profile: ready when the storage account answers (the log's container is asked whether it exists).</summary>
internal sealed class BlobStorageReadinessCheck(BlobServiceClient blobs, AzureProfileOptions azure) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            bool exists = await blobs.GetBlobContainerClient(azure.LogContainer).ExistsAsync(timeout.Token);
            return HealthCheckResult.Healthy($"blob storage {blobs.Uri.Host}:{blobs.Uri.Port} answers; container '{azure.LogContainer}' {(exists ? "exists" : "not created yet")}");
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("blob storage is not reachable", e);
        }
    }
}
