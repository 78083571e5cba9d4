using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17, on the real server: a log-backed program's snapshot holds what changed since its stored base, and that grows
/// with every disbursement until a new base is written. Paced by its size (here one byte per entry, so a snapshot of
/// 100 kB would wait for 100,000 entries), its snapshots came ever further apart and a restart replayed tens of thousands of
/// entries (32,000 at 10 million entries). Paced by <c>Snapshots:ProgramEntriesBetween</c>, the snapshot stays within
/// that count of its applied entries under payment lists, and a restart right after a kill replays no more than that and
/// the batches on their way.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ProgramSnapshotTailTests
{
    private const int EntriesBetween = 300;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_programs_restart_replays_a_tail_bounded_by_its_entry_count_not_by_its_snapshots_size()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            new ServerProcessOptions
            {
                OutputLines = 20_000,
                Arguments =
                [
                    "--Snapshots:ProgramEntriesBetween", EntriesBetween.ToString(CultureInfo.InvariantCulture), "--Snapshots:MinEntries", "100",
                    "--Snapshots:BytesPerEntry", "1", "--Snapshots:IdleAfter", "00:00:00", "--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0",
                ],
            },
            Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        const int Lists = 20, Rows = 500; // one grain call, and about one batch, per list
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            for (int list = 0; list < Lists; list++)
            {
                object[] rows = [.. Enumerable.Range(0, Rows).Select(i => new
                {
                    id = string.Create(CultureInfo.InvariantCulture, $"t-{list}-{i:D5}"), budget = setup.Budget, beneficiary = setup.Beneficiaries[i % 3], amount = "0.01",
                })];
                JsonElement report = await (await agency.PostJsonAsync($"api/programs/{setup.Program}/payment-lists", rows, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
                Assert.All(report.GetProperty("results").EnumerateArray(), r => Assert.Equal(JsonValueKind.Number, r.GetProperty("leafIndex").ValueKind));
            }
        }

        // Snapshots were written all along, not only at the start: at least one per two lists (each list is more than the count).
        int written = Regex.Matches(server.RecentOutput(), $@"Wrote the snapshot of program {Regex.Escape(setup.Program)} at log size").Count;
        Assert.True(written >= Lists / 2, $"Only {written} snapshots of the program were written.\n{server.RecentOutput()}");

        server.Kill(); // no pause and no idle snapshot: the tail is what the count left
        await server.RestartAsync(Ct);
        using (HttpClient restarted = server.CreateClient(agencyKey))
        {
            await GrainSnapshotRestartTests.DisburseAsync(restarted, setup, "after-restart", setup.Beneficiaries[0], "0.01");
        }

        string output = server.RecentOutput();
        Match restored = Regex.Match(output, $@"Restored program {Regex.Escape(setup.Program)} from its snapshot at log size \d+ in \d+ ms; read and parsed its (\d+) entries after it");
        Assert.True(restored.Success, $"The program was not restored from a snapshot.\n{output}");
        int tail = int.Parse(restored.Groups[1].Value, CultureInfo.InvariantCulture);

        // The count, plus the batches applied while the last snapshot was being written (the one the kill cut short).
        // Paced by its size, the snapshot would have waited for 100,000 entries: the tail would be most of the 10,000.
        Assert.True(tail <= EntriesBetween + (3 * Rows), $"The restart replayed {tail} entries of the program.\n{output}");
        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: (Lists * Rows) + 1);
    }
}
