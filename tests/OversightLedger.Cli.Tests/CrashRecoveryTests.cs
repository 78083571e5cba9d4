using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests;

/// <summary>
/// <c>log append</c> killed with SIGKILL at random moments never leaves a log that fails to verify, never loses
/// an acknowledged batch (the size never shrinks), and the log can be appended to afterwards.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Seed = 20_261_125;
    private const int Rounds = 12;
    private const int InputLines = 300_000;
    // Small batches (not a multiple of 256, so checkpoints fall inside tiles) put many durable points in the kill window;
    // a checkpoint is only ever written at a batch end.
    private const ulong BatchEntries = 10_000;

    private readonly TemporaryDirectory _temp = new();
    private readonly ITestOutputHelper _output;

    public CrashRecoveryTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Append_killed_at_random_moments_leaves_a_log_that_verifies_and_never_shrinks()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        CliLog log = await CliLog.InitAsync(_temp);
        string input = _temp.File("big-input.txt");
        await WriteInputAsync(input, cancellationToken);
        var random = new Random(Seed);
        _output.WriteLine($"seed {Seed}, {Rounds} rounds, {InputLines} lines of ~200 bytes per append, batches of {BatchEntries}");

        ulong size = 0;
        for (int round = 1; round <= Rounds; round++)
        {
            int delay = random.Next(0, 1501);
            Stopwatch clock = Stopwatch.StartNew();
            using (Process append = OversightProcess.Start(["log", "append", "--dir", log.Directory, "--key", log.KeyFile, "--batch-size", BatchEntries.ToString(CultureInfo.InvariantCulture), input]))
            {
                append.StandardInput.Close();
                Task<string> stdout = append.StandardOutput.ReadToEndAsync(cancellationToken);
                Task<string> stderr = append.StandardError.ReadToEndAsync(cancellationToken);
                bool finished = append.WaitForExit(delay);
                if (!finished)
                {
                    append.Kill(entireProcessTree: true);
                }

                await append.WaitForExitAsync(cancellationToken);
                await Task.WhenAll(stdout, stderr);
                long elapsed = clock.ElapsedMilliseconds;
                string outcome = finished ? $"finished first (exit {append.ExitCode})" : "killed (SIGKILL)";
                CliResult verify = await log.VerifyAsync();
                Assert.True(verify.ExitCode == 0, $"round {round} (kill after {delay} ms): {verify}");
                ulong newSize = TreeSize(verify);
                _output.WriteLine($"round {round}: delay {delay} ms, append {outcome} {elapsed} ms after start, size {size} -> {newSize}");
                Assert.True(newSize >= size, $"round {round}: the log shrank from {size} to {newSize}");
                ulong added = newSize - size;
                Assert.True(added % BatchEntries == 0 || added == InputLines, $"round {round}: {added} entries were added, not whole batches");
                if (finished)
                {
                    Assert.True(append.ExitCode == 0, $"round {round}: {await stderr}");
                    Assert.Equal((ulong)InputLines, added);
                }

                size = newSize;
            }
        }

        CliResult final = await OversightProcess.RunAsync("log", "append", "--dir", log.Directory, "--key", log.KeyFile, input, "--json");
        Assert.True(final.ExitCode == 0, final.ToString());
        CliResult verified = await log.VerifyAsync();
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Equal(size + InputLines, TreeSize(verified));
        _output.WriteLine($"final append without kill: size {size} -> {TreeSize(verified)}, verified");
    }

    public void Dispose() => _temp.Dispose();

    private static async Task WriteInputAsync(string path, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        string padding = new('p', 120);
        for (int i = 0; i < InputLines; i++)
        {
            await writer.WriteAsync($$"""{"amount":"{{i % 10_000}}.{{i % 100:D2}}","id":"dsb-{{i:D7}}","kind":"Disbursed","note":"{{padding}}"}""" + "\n");
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static ulong TreeSize(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("treeSize").GetUInt64();
    }
}
