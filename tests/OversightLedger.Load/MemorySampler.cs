using System.Globalization;

namespace OversightLedger.Load;

/// <summary>
/// Samples a process's resident set every 100 ms from <c>/proc/PID/status</c>: the highest <c>VmRSS</c> seen while
/// sampling, and <c>VmHWM</c> (the kernel's peak since the process started) at the end. Linux only.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly string _statusPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakRssKb;

    private MemorySampler(int processId)
    {
        _statusPath = $"/proc/{processId}/status";
        _sampling = SampleAsync();
    }

    /// <summary>Starts sampling <paramref name="processId"/>, or returns null when there is no process to sample.</summary>
    public static MemorySampler? Start(int? processId) =>
        processId is { } id && File.Exists($"/proc/{id}/status") ? new MemorySampler(id) : null;

    /// <summary>Stops and returns the peak VmRSS seen and the final VmHWM, in MiB.</summary>
    public async Task<(double PeakRssMiB, double HighWaterMiB)> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        (long rss, long hwm) = Read();
        _peakRssKb = Math.Max(_peakRssKb, rss);
        return (_peakRssKb / 1024.0, hwm / 1024.0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                _peakRssKb = Math.Max(_peakRssKb, Read().RssKb);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private (long RssKb, long HighWaterKb) Read()
    {
        long rss = 0, hwm = 0;
        try
        {
            foreach (string line in File.ReadLines(_statusPath))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line);
                }
            }
        }
        catch (IOException)
        {
            // The process has gone.
        }

        return (rss, hwm);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
}
