using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// A payment list is paid chunk by chunk, so a crash can cut it between chunks: the real server is killed with SIGKILL
/// once some chunks are in the log and the list is sent again after the restart. Every row must then be paid exactly once:
/// each id once in the log, the report accepting every row at its leaf, the budget holding what the log says.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class PaymentListCrashTests
{
    private const int Rows = 40_000;
    private const int Beneficiaries = 200;
    private const string Funds = "10000000.00";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_list_cut_by_SIGKILL_between_chunks_and_sent_again_pays_every_row_once()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0"] }, Ct);
        string agencyKey;
        FundedProgram setup;
        using (HttpClient admin = server.CreateClient(ServerProcess.AdminKey))
        using (HttpClient donor = server.CreateClient(await admin.CreateKeyAsync("donor", "list-crash-donor", Ct)))
        using (HttpClient watchdog = server.CreateClient(await admin.CreateKeyAsync("watchdog", "list-crash-watchdog", Ct)))
        {
            agencyKey = await admin.CreateKeyAsync("agency", "list-crash-agency", Ct);
            using HttpClient agency = server.CreateClient(agencyKey);
            setup = await FundedProgram.CreateAsync(donor, watchdog, agency, Beneficiaries, Funds, Funds, Ct);
        }

        var csv = new StringBuilder("id,budget,beneficiary,amount\n");
        for (int i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"k-{i:D6},{setup.Budget},{setup.Beneficiaries[i % Beneficiaries]},1.{i % 100:D2}\n");
        }

        decimal total = Enumerable.Range(0, Rows).Sum(i => 1m + ((i % 100) / 100m));
        string list = csv.ToString();
        ulong start;
        using (HttpClient reader = server.CreateClient())
        using (HttpClient agency = server.CreateClient(agencyKey, TimeSpan.FromMinutes(5)))
        {
            start = await reader.LogSizeAsync(Ct);
            Task<HttpResponseMessage> cut = agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists", list, "text/csv", CancellationToken.None);

            // Killed once at least two chunks are in the log, well before the last.
            ulong size = start;
            while (size < start + 4_000 && !cut.IsCompleted)
            {
                await Task.Delay(20, Ct);
                size = await reader.LogSizeAsync(Ct);
            }

            server.Kill();
            Exception? failure = await Record.ExceptionAsync(() => cut);
            Assert.True(failure is not null, $"The list was answered before the kill (log at {size - start} of {Rows} rows); nothing was cut.\n{server.RecentOutput()}");
            Report($"Killed with {size - start} of {Rows} rows in the log.");
        }

        await server.RestartAsync(Ct);
        using HttpClient publicReader = server.CreateClient();
        ulong afterCrash = await publicReader.LogSizeAsync(Ct);
        Assert.True(afterCrash - start < Rows, $"The whole list ({afterCrash - start} entries) was in the log before the kill.");

        JsonElement report;
        using (HttpClient agency = server.CreateClient(agencyKey, TimeSpan.FromMinutes(5)))
        {
            report = await (await agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists", list, "text/csv", Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        }

        Assert.Equal((Rows, Rows, 0), (report.GetProperty("rows").GetInt32(), report.GetProperty("accepted").GetInt32(), report.GetProperty("rejected").GetInt32()));

        // The log's own files, once the checkpoint covers the list: every id once, at the leaf the report gives it.
        for (int wait = 0; wait < 200 && await publicReader.LogSizeAsync(Ct) < start + Rows; wait++)
        {
            await Task.Delay(50, Ct);
        }

        var verifier = new NoteVerifier((await publicReader.GetStringAsync(new Uri("log/key", UriKind.Relative), Ct)).Trim());
        byte[] served = await publicReader.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
        Checkpoint checkpoint = SignedCheckpoint.Open(await LogFiles.WaitForCheckpointAsync(server.LogDirectory, served, Ct), verifier).Checkpoint;
        List<byte[]> entries = await LogFiles.ReadEntriesAsync(server.LogDirectory, checkpoint.Size, Ct);
        var leaves = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            LedgerEntry entry = LedgerEntryParser.Parse(entries[i]);
            Assert.True(leaves.TryAdd(entry.Id, (ulong)i), $"The entry id '{entry.Id}' is in the log twice: leaves {leaves.GetValueOrDefault(entry.Id)} and {i}.");
        }

        Assert.Equal(start + Rows, checkpoint.Size);
        foreach (JsonElement row in report.GetProperty("results").EnumerateArray())
        {
            string id = row.Text("id");
            Assert.True(leaves.TryGetValue(EntryIds.Disbursement(setup.Program, id), out ulong leaf), $"{id} is not in the log.");
            Assert.Equal(leaf, row.GetProperty("leafIndex").GetUInt64());
        }

        JsonElement budget = await publicReader.GetJsonAsync($"api/budgets/{setup.Budget}", Ct);
        Assert.Equal((total, 0m), (budget.Amount("disbursed"), budget.Amount("reserved")));
        JsonElement program = await publicReader.GetJsonAsync($"api/programs/{setup.Program}", Ct);
        Assert.Equal((Rows, total), (program.GetProperty("disbursements").GetInt32(), program.Amount("disbursed")));
    }

    private static void Report(string message)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        TestContext.Current.SendDiagnosticMessage(message);
    }
}
