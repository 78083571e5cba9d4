using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Jobs;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Storage.Azure;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// One quarterly report per quarter on a real cluster (issue 5). Three azure-profile server processes start together on
/// a simulated clock (<c>Clock:StartAt</c>) a little more than a minute before the end of 2026-Q3; a budget and a
/// program are set up and disbursed from through all three while their clocks are still in Q3. Once every silo's clock
/// is past the quarter's end, the <c>quarterly-report</c> job is triggered twice on each silo at once; the silo that
/// published is killed with SIGKILL, the job is triggered again on the survivors, and a fresh silo joins (its start-up
/// catch-up runs the job once more). Then: the log holds exactly one <c>ReportPublished</c>, for 2026-Q3; every running
/// silo lists the quarter once in <c>/reports/index.json</c>, with the entry's hashes, and serves the same files; the
/// report's figures count the disbursements made; every run of the job succeeded; and the publication's log event
/// carries the publisher grain's <c>GrainId</c>.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzureClusterCollection.Name)]
public sealed class ClusterReportTests(AzureTestComponents components)
{
    private const int SiloCount = 3;
    private const int Disbursements = 9;
    private const int Beneficiaries = 3;
    private const string Quarter = "2026-Q3";
    private const string NextQuarter = "2026-Q4";
    private const string PublishedTemplate = "Published the {Quarter} report (ReportPublished at leaf {LeafIndex}, figures at checkpoint size {Size})";
    private const string JobPublishedTemplate = "The quarterly report job published {Quarter}";
    private static readonly DateTimeOffset QuarterEnd = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// How far before the quarter's end the silos' clocks start: enough for three silos to start together on two cores
    /// (about 15 s when the machine is quiet) and the set-up; the test then waits out the rest.
    /// </summary>
    private static readonly TimeSpan ClockLead = TimeSpan.FromSeconds(75);

    /// <summary>How long a run may take, Hangfire's retry of an attempt that met the killed silo included.</summary>
    private static readonly TimeSpan RunWithin = TimeSpan.FromSeconds(150);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_quarter_is_published_once_however_many_silos_run_the_job_and_one_of_them_dies()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = new AzureTestCluster(
            components,
            new Dictionary<string, string> { ["Clock:StartAt"] = (QuarterEnd - ClockLead).ToString("O", CultureInfo.InvariantCulture) });
        ServerProcess[] silos = await Task.WhenAll(Enumerable.Range(0, SiloCount).Select(_ => cluster.StartSiloAsync(Ct)));
        long startedMs = clock.ElapsedMilliseconds;
        Assert.All(silos, silo => Assert.True(silo.Printed("simulated clock"), $"{silo.Name} did not warn of its simulated clock.\n{silo.RecentOutput()}"));

        // Set up through all three silos, and disburse through each in turn, while every clock is in Q3.
        using HttpClient admin = silos[0].CreateClient(ServerProcess.AdminKey);
        string agencyKey = await admin.CreateKeyAsync("agency", "cluster-report-agency", Ct);
        FundedProgram setup;
        using (HttpClient donor = silos[0].CreateClient(await admin.CreateKeyAsync("donor", "cluster-report-donor", Ct)))
        using (HttpClient watchdog = silos[1].CreateClient(await admin.CreateKeyAsync("watchdog", "cluster-report-watchdog", Ct)))
        using (HttpClient agency = silos[2].CreateClient(agencyKey))
        {
            setup = await FundedProgram.CreateAsync(donor, watchdog, agency, Beneficiaries, "1000.00", "100.00", Ct);
        }

        decimal disbursed = 0m;
        for (int n = 1; n <= Disbursements; n++)
        {
            ServerProcess through = silos[n % SiloCount];
            using HttpClient agency = through.CreateClient(agencyKey);
            string amount = string.Create(CultureInfo.InvariantCulture, $"{n}.25");
            await agency.PostJsonAsync(
                $"api/programs/{setup.Program}/disbursements",
                new { id = $"{cluster.RunId}-dsb-{n}", budget = setup.Budget, beneficiary = setup.Beneficiaries[n % Beneficiaries], amount },
                Ct).ExpectCreatedAsync(Ct);
            disbursed += decimal.Parse(amount, CultureInfo.InvariantCulture);
        }

        // Every clock is still in Q3 after the last disbursement: every entry so far was stamped in Q3.
        foreach (ServerProcess silo in silos)
        {
            Assert.True(
                await QuarterToDateAsync(silo) == Quarter,
                $"{silo.Name}'s clock passed the end of {Quarter} before the set-up was done ({clock.ElapsedMilliseconds} ms after the start, " +
                $"{startedMs} ms of them to start the silos): this machine needs a longer {nameof(ClockLead)}.");
        }

        long setUpMs = clock.ElapsedMilliseconds;
        foreach (ServerProcess silo in silos)
        {
            await WaitForQuarterAsync(silo, NextQuarter, ClockLead + TimeSpan.FromSeconds(30));
        }

        long quarterEndedMs = clock.ElapsedMilliseconds;

        // The job, twice on each silo at once.
        HttpClient[] admins = [.. silos.Select(silo => silo.CreateClient(ServerProcess.AdminKey))];
        try
        {
            (HttpClient Admin, string RunId)[] runs = await Task.WhenAll(admins.Concat(admins)
                .Select(async client => (client, await client.TriggerAsync(RecurringJobNames.QuarterlyReport, Ct))));
            await Task.WhenAll(runs.Select(run => run.Admin.WaitUntilSucceededAsync(RecurringJobNames.QuarterlyReport, run.RunId, RunWithin, Ct)));

            // Exactly one silo logged the publication (the one its publisher grain ran on), with the grain's identity;
            // exactly one run of the job published, and logged it outside any grain.
            (ServerProcess publisher, JsonElement published) = Assert.Single(await LoggedAsync(silos, PublishedTemplate));
            Assert.Equal($"reportpublisher/{Quarter}", published.Property("GrainId"));
            Assert.Equal("OversightLedger.Grains.Reports.ReportPublisherGrain", published.Property("SourceContext"));
            (_, JsonElement jobPublished) = Assert.Single(await LoggedAsync(silos, JobPublishedTemplate));
            Assert.Null(jobPublished.Property("GrainId"));

            // The publisher dies; the survivors run the job again once their cluster has let the dead silo go.
            publisher.Kill();
            ServerProcess[] survivors = [.. silos.Where(silo => !ReferenceEquals(silo, publisher))];
            HttpClient[] survivorAdmins = [.. admins.Where((_, i) => !ReferenceEquals(silos[i], publisher))];
            foreach (ServerProcess survivor in survivors)
            {
                await WaitForIndexAsync(survivor, cluster);
            }

            (HttpClient Admin, string RunId)[] again = await Task.WhenAll(survivorAdmins
                .Select(async client => (client, await client.TriggerAsync(RecurringJobNames.QuarterlyReport, Ct))));
            await Task.WhenAll(again.Select(run => run.Admin.WaitUntilSucceededAsync(RecurringJobNames.QuarterlyReport, run.RunId, RunWithin, Ct)));

            // A fresh silo joins after the quarter's end (its clock starts there): its start-up catch-up runs the job too.
            ServerProcess joined = await cluster.StartSiloAsync(
                new Dictionary<string, string> { ["Clock:StartAt"] = QuarterEnd.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture) },
                Ct);
            ServerProcess[] running = [.. survivors, joined];

            // Every run of the job succeeded: one catch-up per silo start (four) and the eight triggers.
            await WaitForQuarterlyRunsAsync(cluster, SiloCount + 1 + (2 * SiloCount) + (SiloCount - 1));

            // The log: exactly one ReportPublished, for Q3, and the disbursements stamped in Q3.
            List<LedgerEntry> entries = await ReadVerifiedLogAsync(cluster);
            ReportPublished entry = Assert.Single(entries.OfType<ReportPublished>());
            Assert.Equal(Quarter, entry.Quarter);
            Assert.Equal(ReportPublished.IdFor(Quarter), entry.Id);
            Disbursed[] payments = [.. entries.OfType<Disbursed>()];
            Assert.Equal(Disbursements, payments.Length);
            Assert.All(payments, payment => Assert.True(payment.Time < QuarterEnd, $"{payment.Id} was stamped {payment.Time:O}, after {Quarter}."));

            // Every running silo lists the quarter once, with the entry's hashes, and serves the same files.
            byte[]? reportJson = null;
            foreach (ServerProcess silo in running)
            {
                using HttpClient reader = silo.CreateClient();
                JsonElement listed = Assert.Single((await reader.GetJsonAsync("reports/index.json", Ct)).EnumerateArray());
                Assert.Equal(Quarter, listed.Text("quarter"));
                Assert.Equal(entry.CheckpointRoot, listed.Text("checkpointRoot"));
                Assert.Equal(
                    [$"{Quarter}.html={entry.HtmlSha256}", $"{Quarter}.json={entry.JsonSha256}", $"{Quarter}.csv={entry.CsvSha256}", $"{Quarter}.xml={entry.XmlSha256}"],
                    listed.GetProperty("files").EnumerateArray().Select(file => $"{file.Text("name")}={file.Text("sha256")}"));
                byte[] served = await reader.GetByteArrayAsync(new Uri($"reports/{Quarter}.json", UriKind.Relative), Ct);
                Assert.Equal(entry.JsonSha256, Convert.ToHexStringLower(SHA256.HashData(served)));
                reportJson ??= served;
                Assert.Equal(reportJson, served);
            }

            // Its figures count what was disbursed.
            using var report = JsonDocument.Parse(reportJson);
            JsonElement root = report.RootElement;
            Assert.Equal(Quarter, root.Text("quarter"));
            Assert.Equal((long)entry.CheckpointSize, root.GetProperty("checkpoint").GetProperty("size").GetInt64());
            JsonElement budget = Assert.Single(root.GetProperty("budgets").EnumerateArray());
            Assert.Equal(setup.Budget, budget.Text("budget"));
            AssertFlows(budget.GetProperty("inQuarter"), disbursed);
            Assert.Equal(1000m, budget.GetProperty("inQuarter").Amount("released"));
            JsonElement program = Assert.Single(root.GetProperty("programs").EnumerateArray());
            Assert.Equal(setup.Program, program.Text("program"));
            AssertFlows(program.GetProperty("inQuarter"), disbursed);
            Assert.Equal(Beneficiaries, program.GetProperty("beneficiariesReached").GetInt32());
            JsonElement totals = Assert.Single(root.GetProperty("totals").EnumerateArray());
            AssertFlows(totals.GetProperty("inQuarter"), disbursed);

            Report($"{SiloCount} silos started together in {startedMs} ms on a clock {ClockLead.TotalSeconds} s before the end of {Quarter}; set up and " +
                $"{Disbursements} disbursements ({disbursed}) by {setUpMs} ms; every clock past the end by {quarterEndedMs} ms; {Quarter} published " +
                $"once (leaf {entries.IndexOf(entry)} of {entries.Count}) by {publisher.Name}, which was then killed; {clock.ElapsedMilliseconds} ms in all.");
        }
        finally
        {
            foreach (HttpClient client in admins)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The events of <paramref name="template"/> about the quarter in the silos' log files (polled: the file sink is asynchronous).</summary>
    private static async Task<List<(ServerProcess Silo, JsonElement Event)>> LoggedAsync(ServerProcess[] silos, string template)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            List<(ServerProcess, JsonElement)> events = [.. silos.SelectMany(silo => ServerLogEvents.Read(silo.DataDirectory)
                .Where(logged => logged.Property("@mt") == template && logged.Property("Quarter") == Quarter)
                .Select(logged => (silo, logged)))];
            if (events.Count > 0 || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                return events;
            }

            await Task.Delay(200, Ct);
        }
    }

    private static void AssertFlows(JsonElement flows, decimal disbursed)
    {
        Assert.Equal(Disbursements, flows.GetProperty("disbursements").GetInt32());
        Assert.Equal(disbursed, flows.Amount("disbursed"));
        Assert.Equal(disbursed, flows.Amount("netDisbursed"));
        Assert.Equal(0, flows.GetProperty("reversals").GetInt32());
    }

    /// <summary>The quarter the silo's clock is in, as its quarter-to-date report names it.</summary>
    private static async Task<string> QuarterToDateAsync(ServerProcess silo)
    {
        using HttpClient reader = silo.CreateClient();
        return (await reader.GetJsonAsync("reports/quarter-to-date.json", Ct)).Text("quarter");
    }

    private static async Task WaitForQuarterAsync(ServerProcess silo, string quarter, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (await QuarterToDateAsync(silo) != quarter)
        {
            Assert.True(clock.Elapsed < within, $"{silo.Name}'s clock did not reach {quarter} within {within.TotalSeconds} s.");
            await Task.Delay(250, Ct);
        }
    }

    /// <summary>Polls <c>/reports/index.json</c> (the catalog grain) until the silo answers it: the cluster has let a dead silo go.</summary>
    private static async Task WaitForIndexAsync(ServerProcess silo, AzureTestCluster cluster)
    {
        using HttpClient reader = silo.CreateClient(timeout: TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await reader.GetAsync(new Uri("reports/index.json", UriKind.Relative), Ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !Ct.IsCancellationRequested)
            {
                // The grain's silo just died; ask again.
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{silo.Name} did not answer /reports/index.json within 90 s of the kill.\n{cluster.Output()}");
            await Task.Delay(250, Ct);
        }
    }

    /// <summary>Waits until Hangfire's storage holds <paramref name="expected"/> runs of the quarterly report job, all succeeded.</summary>
    private static async Task WaitForQuarterlyRunsAsync(AzureTestCluster cluster, int expected)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(cluster.Settings["Hangfire:PostgreSql"]);
        await connection.OpenAsync(Ct);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT statename, count(*) FROM \"{cluster.HangfireSchema}\".\"job\" WHERE invocationdata::text LIKE '%{nameof(QuarterlyReportJob)}%' GROUP BY statename",
                connection);
            var states = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    states[reader.IsDBNull(0) ? "(none)" : reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            string seen = string.Join(", ", states.Select(state => $"{state.Key} {state.Value}"));
            Assert.False(states.ContainsKey("Failed"), $"A run of the quarterly report job failed: {seen}.\n{cluster.Output()}");
            if (states.GetValueOrDefault("Succeeded") == expected && states.Values.Sum() == expected)
            {
                return;
            }

            Assert.True(clock.Elapsed < RunWithin, $"Expected {expected} succeeded runs of the quarterly report job; after {RunWithin.TotalSeconds} s: {seen}.\n{cluster.Output()}");
            await Task.Delay(250, Ct);
        }
    }

    /// <summary>Every entry of the log, read from the blobs as an auditor would, after verifying the checkpoint and every tile.</summary>
    private static async Task<List<LedgerEntry>> ReadVerifiedLogAsync(AzureTestCluster cluster)
    {
        BlobLogStorage storage = cluster.OpenLogStorage();
        byte[] note = await storage.ReadAsync(TilePath.Checkpoint, Ct) ?? throw new InvalidOperationException("The log has no checkpoint.");
        Checkpoint checkpoint = SignedCheckpoint.Open(note, new NoteVerifier(cluster.VerifierKey)).Checkpoint;
        await TileLogVerifier.VerifyAsync(storage, checkpoint.Size, checkpoint.Root, cancellationToken: Ct);
        List<LedgerEntry> entries = [];
        for (ulong bundle = 0; bundle < TileLayout.TileCount(checkpoint.Size, 0); bundle++)
        {
            string path = TilePath.Entries(bundle, TileLayout.TileWidth(checkpoint.Size, 0, bundle));
            byte[] bytes = await storage.ReadAsync(path, Ct) ?? throw new InvalidOperationException($"{path} is missing.");
            entries.AddRange(EntryBundle.Decode(bytes).Select(entry => LedgerEntryParser.Parse(entry.ToArray())));
        }

        return entries;
    }

    private static void Report(string message)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        TestContext.Current.SendDiagnosticMessage(message);
    }
}
