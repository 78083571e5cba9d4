using System.Diagnostics;
using System.Net.Http.Headers;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>A running <c>oversight witness serve</c> on a free port, and an HTTP client for its <c>add-checkpoint</c>.</summary>
internal sealed class WitnessServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private WitnessServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    /// <summary>Starts the witness on any free port and waits until it prints the URL it listens on.</summary>
    public static Task<WitnessServerProcess> StartAsync(string keyFile, string stateDirectory, params string[] logKeys) =>
        StartOnAsync("127.0.0.1:0", keyFile, stateDirectory, logKeys);

    /// <summary>Starts the witness on <paramref name="listen"/> (such as 127.0.0.1:7380) and waits until it prints the URL it listens on.</summary>
    public static async Task<WitnessServerProcess> StartOnAsync(string listen, string keyFile, string stateDirectory, params string[] logKeys)
    {
        List<string> args = ["witness", "serve", "--key", keyFile, "--state", stateDirectory, "--listen", listen];
        foreach (string logKey in logKeys)
        {
            args.AddRange(["--log-key", logKey]);
        }

        Process process = OversightProcess.Start(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !Uri.TryCreate(line.Trim(), UriKind.Absolute, out Uri? address))
        {
            string stderr = process.HasExited ? await process.StandardError.ReadToEndAsync(timeout.Token) : string.Empty;
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"witness serve did not start: stdout '{line}', stderr '{stderr}'");
        }

        // Drain stderr (one line per request) so the witness never blocks on a full pipe.
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        return new WitnessServerProcess(process, address);
    }

    /// <summary>POSTs an add-checkpoint body and returns the status, the content type and the body.</summary>
    public async Task<WitnessAnswer> AddCheckpointAsync(byte[] body)
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        using var content = new ByteArrayContent(body);
        using HttpResponseMessage response = await _http.PostAsync("add-checkpoint", content, cancellationToken);
        MediaTypeHeaderValue? type = response.Content.Headers.ContentType;
        return new WitnessAnswer((int)response.StatusCode, type?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
