using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// Issue 17, item 1, in the azure profile with a real server process: disbursements flow while the sequencer writes a
/// snapshot of its in-memory index every 20 entries, and the silo is killed with SIGKILL mid-load (a snapshot is then
/// being merged or uploaded, or has just been). The restarted silo restores the index from the snapshot blob, and every
/// disbursement acknowledged before the kill, sent again with its id and body, is answered with the leaf it was
/// acknowledged with, and nothing is appended.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzureClusterCollection.Name)]
public sealed class SequencerIndexSnapshotKillTests(AzureTestComponents components)
{
    private const int Disbursements = 400;
    private const int KillAfterAcknowledged = 150;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silo_killed_while_the_sequencer_snapshots_its_index_answers_every_acknowledged_disbursement_with_its_leaf()
    {
        await using var cluster = new AzureTestCluster(components, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Snapshots:MinEntries"] = "20",
            ["Snapshots:EveryEntries"] = "20",
        });
        ServerProcess silo = await cluster.StartSiloAsync(Ct);
        string agencyKey;
        FundedProgram setup;
        using (HttpClient admin = silo.CreateClient(ServerProcess.AdminKey))
        using (HttpClient donor = silo.CreateClient(await admin.CreateKeyAsync("donor", "azseq-donor", Ct)))
        using (HttpClient watchdog = silo.CreateClient(await admin.CreateKeyAsync("watchdog", "azseq-watchdog", Ct)))
        {
            agencyKey = await admin.CreateKeyAsync("agency", "azseq-agency", Ct);
            using HttpClient agency = silo.CreateClient(agencyKey);
            setup = await FundedProgram.CreateAsync(donor, watchdog, agency, 32, "50000000.00", "50000000.00", Ct);
        }

        var acknowledgedLeaves = new System.Collections.Concurrent.ConcurrentDictionary<string, ulong>(StringComparer.Ordinal);
        int next = 0;
        bool killed = false;
        using HttpClient agencyClient = silo.CreateClient(agencyKey, TimeSpan.FromSeconds(30));
        async Task WorkAsync()
        {
            for (int number = Interlocked.Increment(ref next); number <= Disbursements && !Volatile.Read(ref killed); number = Interlocked.Increment(ref next))
            {
                string id = $"azseq-{cluster.RunId}-{number:D5}";
                try
                {
                    using HttpResponseMessage response = await agencyClient.PostJsonAsync($"api/programs/{setup.Program}/disbursements", Body(setup, id, number), CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
                        acknowledgedLeaves[id] = document.RootElement.GetProperty("leafIndex").GetUInt64();
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    return; // the silo is gone: this one is in doubt, not acknowledged
                }
            }
        }

        Task[] workers = [.. Enumerable.Range(0, 8).Select(_ => Task.Run(WorkAsync, CancellationToken.None))];
        while ((acknowledgedLeaves.Count < KillAfterAcknowledged || !silo.Printed("Wrote the snapshot of the sequencer's index")) && !workers.All(w => w.IsCompleted))
        {
            await Task.Delay(5, Ct);
        }

        Volatile.Write(ref killed, true);
        silo.Kill();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2), Ct);
        Assert.True(silo.Printed("Wrote the snapshot of the sequencer's index"), cluster.Output());
        var acknowledged = new Dictionary<string, ulong>(acknowledgedLeaves, StringComparer.Ordinal);
        Assert.NotEmpty(acknowledged);

        await silo.RestartAsync(Ct);
        using HttpClient agencyAgain = silo.CreateClient(agencyKey, TimeSpan.FromSeconds(60));
        ulong sizeBefore = await TreeSizeAsync(silo);
        int n = 0;
        foreach ((string id, ulong leaf) in acknowledged)
        {
            int number = int.Parse(id[(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            object body = Body(setup, id, number);
            using HttpResponseMessage response = await agencyAgain.PostJsonAsync($"api/programs/{setup.Program}/disbursements", body, Ct);
            string text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{id}: {(int)response.StatusCode} {text}");
            using var document = JsonDocument.Parse(text);
            Assert.Equal(leaf, document.RootElement.GetProperty("leafIndex").GetUInt64());
            n++;
        }

        Assert.Equal(acknowledged.Count, n);
        Assert.Equal(sizeBefore, await TreeSizeAsync(silo));
        Assert.True(silo.Printed("Restored the sequencer's index from its snapshot"), silo.RecentOutput());
    }

    private static object Body(FundedProgram setup, string id, int number) => new
    {
        id,
        budget = setup.Budget,
        beneficiary = setup.Beneficiaries[number % setup.Beneficiaries.Count],
        amount = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{1 + (number % 9)}.{number % 100:D2}"),
    };

    private static async Task<ulong> TreeSizeAsync(ServerProcess silo)
    {
        using HttpClient reader = silo.CreateClient();
        string checkpoint = await reader.GetStringAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
        return ulong.Parse(checkpoint.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
