using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Screening;

/// <summary><c>oversight screen</c> offline, against the real OFAC files: the best matches with scores and why; bad usage exits 2.</summary>
public sealed class ScreenCommandOfflineTests
{
    private static readonly string FullSdn = SharedData.SanctionsPath("ofac-sdn-full", "sdn.csv");

    [Fact]
    public async Task A_listed_name_in_another_order_is_a_hit_with_its_entry_score_and_why()
    {
        CliResult result = await OversightProcess.RunAsync("screen", "Cuba Nacional Banco de", "--list", FullSdn);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("screened \"Cuba Nacional Banco de\" against OFAC-SDN:", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("HIT", lines[0], StringComparison.Ordinal);
        Assert.Contains("OFAC-SDN:306  BANCO NACIONAL DE CUBA", lines[1], StringComparison.Ordinal);
        Assert.Contains("BANCO=BANCO", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_gives_the_lists_the_threshold_and_each_match_and_a_clear_name_is_no_hit()
    {
        CliResult hit = await OversightProcess.RunAsync("screen", "AEROCARIBBEAN AIRLINES", "--country", "Cuba", "--json", "--list", FullSdn);
        CliResult clear = await OversightProcess.RunAsync("screen", "Harbour Road Bakery Cooperative", "--json", "--threshold", "0.9", "--list", FullSdn);

        Assert.True(hit.ExitCode == 0, hit.ToString());
        using var json = JsonDocument.Parse(hit.Stdout);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("hit").GetBoolean());
        Assert.Equal(0.86, root.GetProperty("threshold").GetDouble());
        Assert.StartsWith("OFAC-SDN:", root.GetProperty("lists")[0].GetString(), StringComparison.Ordinal);
        JsonElement best = root.GetProperty("matches")[0];
        Assert.Equal("OFAC-SDN:36", best.GetProperty("entry").GetString());
        Assert.Equal(root.GetProperty("bestScore").GetString(), best.GetProperty("score").GetString());
        Assert.Contains("AEROCARIBBEAN", best.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.True(clear.ExitCode == 0, clear.ToString());
        using var none = JsonDocument.Parse(clear.Stdout);
        Assert.False(none.RootElement.GetProperty("hit").GetBoolean());
        Assert.Equal(0.9, none.RootElement.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Bad_usage_an_unreadable_list_and_a_truncated_list_exit_2()
    {
        using var temp = new TemporaryDirectory();
        string truncated = temp.File("sdn.csv");
        byte[] full = await File.ReadAllBytesAsync(FullSdn, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(truncated, full[..(full.Length / 3)], TestContext.Current.CancellationToken);

        CliResult[] results =
        [
            await OversightProcess.RunAsync("screen", "A Name"),
            await OversightProcess.RunAsync("screen", "A Name", "--list", FullSdn, "--server", "http://127.0.0.1:1", "--key", "k"),
            await OversightProcess.RunAsync("screen", "A Name", "--list", temp.File("missing.csv")),
            await OversightProcess.RunAsync("screen", "A Name", "--list", truncated),
            await OversightProcess.RunAsync("screen", "A Name", "--dob", "07/12/1960", "--list", FullSdn),
            await OversightProcess.RunAsync("screen", new string('A', 300), "--list", FullSdn),
            await OversightProcess.RunAsync("screen", "A Name", "--threshold", "1.5", "--list", FullSdn),
            await OversightProcess.RunAsync("screen", "A Name", "--server", "http://127.0.0.1:1"),
        ];

        Assert.All(results, r => Assert.True(r.ExitCode == 2 && r.Stderr.Length > 0, r.ToString()));
        Assert.Contains("cannot be read", results[3].Stderr, StringComparison.Ordinal);
    }
}
