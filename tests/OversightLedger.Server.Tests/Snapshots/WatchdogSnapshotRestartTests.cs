using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Watchdog;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17, item 1, for watchdogs, on the real server killed with SIGKILL: a watchdog restored from its snapshot
/// (<c>data/snapshots/watchdog/</c>, written every few leaves here) shows the findings it had before the kill, still
/// concludes a finding from entries logged after the snapshot (and raises nothing twice), and a snapshot with a flipped
/// byte, whose root is not the log's, or of an earlier format (whose replay kept every disbursement; version 2 of the
/// log-backed body, whose programs held every period's cap totals) is discarded with a warning, the watchdog reading the log from leaf 0 to the same findings. Reversals and a delivery of payments from
/// before the snapshot are found through the sequencer's id index (no ledger-integrity finding).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class WatchdogSnapshotRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_watchdog_restarted_from_its_snapshot_keeps_its_findings_and_raises_those_after_it()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "5"] }, Ct);
        using HttpClient admin = server.CreateClient(ServerProcess.AdminKey);
        using HttpClient donor = server.CreateClient(await admin.CreateKeyAsync("donor", "wd-snapshot-donor", Ct));
        string watchdogKey = await admin.CreateKeyAsync("watchdog", "wd-snapshot-watchdog", Ct);
        using HttpClient watchdog = server.CreateClient(watchdogKey);
        string agencyKey = await admin.CreateKeyAsync("agency", "wd-snapshot-agency", Ct);
        using HttpClient agency = server.CreateClient(agencyKey);
        FundedProgram setup = await FundedProgram.CreateAsync(donor, watchdog, agency, 3, "1000000.00", "100.00", Ct);
        string second = LedgerHttp.UniqueId("program");
        await agency.PostJsonAsync("api/programs", new { id = second, currency = "USD", capPerPeriod = "100.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{setup.Budget}/programs", new { program = second }, Ct).ExpectCreatedAsync(Ct);
        await FundedProgram.EnrollAsync(agency, second, setup.Beneficiaries, Ct);

        string id = LedgerHttp.UniqueId("wd");
        await watchdog.PostJsonAsync("api/watchdogs", new { id, name = "Snapshot Watch" }, Ct).ExpectCreatedAsync(Ct);

        // Before the snapshot: one beneficiary paid by both programs in one month, raised and disputed.
        await PayAsync(agency, setup.Program, setup.Budget, setup.Beneficiaries[0]);
        await PayAsync(agency, second, setup.Budget, setup.Beneficiaries[0]);
        string[] firstRaised = await ScanAsync(watchdog, id);
        string duplicate = Assert.Single(firstRaised);
        await agency.PostJsonAsync($"api/watchdogs/{id}/findings/{duplicate}/disputes", new { response = "One household, two registrations." }, Ct).ExpectCreatedAsync(Ct);
        var beforeSnapshot = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            beforeSnapshot.Add(await PayAsync(agency, setup.Program, setup.Budget, setup.Beneficiaries[1]));
        }

        using HttpClient reader = server.CreateClient();
        ulong size = await reader.LogSizeAsync(Ct);
        await WaitForSnapshotAsync(server, reader, id, size);
        string before = await FindingsAsync(reader, id);

        // After the snapshot: another beneficiary paid by both programs; the watchdog does not scan before the kill.
        await PayAsync(agency, setup.Program, setup.Budget, setup.Beneficiaries[2]);
        await PayAsync(agency, second, setup.Budget, setup.Beneficiaries[2]);
        server.Kill();
        await server.RestartAsync(Ct);

        using HttpClient restartedReader = server.CreateClient();
        Assert.Equal(before, await FindingsAsync(restartedReader, id));
        Assert.Contains($"Watchdog {id} restored from its snapshot at log size", server.RecentOutput(), StringComparison.Ordinal);
        Assert.DoesNotContain("Discarded the snapshot of watchdog", server.RecentOutput(), StringComparison.Ordinal);

        using HttpClient restartedWatchdog = server.CreateClient(watchdogKey);
        string[] raisedAfter = await ScanAsync(restartedWatchdog, id);
        string late = Assert.Single(raisedAfter);
        Assert.NotEqual(duplicate, late);
        JsonElement[] findings = [.. JsonDocument.Parse(await FindingsAsync(restartedReader, id)).RootElement.EnumerateArray()];
        Assert.Equal([duplicate, late], findings.Select(f => f.Text("finding")));
        Assert.All(findings, f => Assert.Equal("duplicate-beneficiary", f.Text("class")));
        Assert.Equal("disputed", findings[0].Text("state"));
        Assert.Empty(await ScanAsync(restartedWatchdog, id));

        // Reversals and a delivery of payments from before the snapshot: the restored watchdog holds none of their facts
        // (its replay is log-backed) and reads them back through the sequencer's id index. Had it not found them, its
        // replay would see reversals of unknown disbursements: a ledger-integrity finding.
        await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements/{beforeSnapshot[0]}/reversal", new { reason = "failed" }, Ct).ExpectCreatedAsync(Ct);
        await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements/{beforeSnapshot[1]}/reversal", new { reason = "failed" }, Ct).ExpectCreatedAsync(Ct);
        await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements/{beforeSnapshot[2]}/delivery", new { }, Ct).ExpectCreatedAsync(Ct);
        Assert.Empty(await ScanAsync(restartedWatchdog, id));
        string afterScan = await FindingsAsync(restartedReader, id);
        Assert.DoesNotContain("ledger-integrity", afterScan, StringComparison.Ordinal);
        await WaitForSnapshotAsync(server, restartedReader, id, await restartedReader.LogSizeAsync(Ct));

        // A snapshot of the earlier format (its body names the kind "watchdog", whose replay kept every disbursement) is
        // discarded with a warning; the watchdog reads the log from leaf 0 to the same findings.
        server.Kill();
        GrainSnapshot current = GrainSnapshot.Decode(await File.ReadAllBytesAsync(SnapshotFile(server, id), Ct));
        await File.WriteAllBytesAsync(SnapshotFile(server, id), (current with { Body = WithBodyKind(current.Body, "watchdog") }).Encode(), Ct);
        await server.RestartAsync(Ct);
        using (HttpClient afterOldFormat = server.CreateClient())
        {
            Assert.Equal(afterScan, await FindingsAsync(afterOldFormat, id));
            Assert.Contains($"Discarded the snapshot of watchdog {id}", server.RecentOutput(), StringComparison.Ordinal);
            Assert.Contains("earlier format", server.RecentOutput(), StringComparison.Ordinal);
            await WaitForSnapshotAsync(server, afterOldFormat, id, await afterOldFormat.LogSizeAsync(Ct));
        }

        // Version 2 of the log-backed body (its programs held every period's cap totals; version 3 names their closed
        // periods and carries their totals): discarded with a warning, the log read from leaf 0 to the same findings.
        server.Kill();
        GrainSnapshot third = GrainSnapshot.Decode(await File.ReadAllBytesAsync(SnapshotFile(server, id), Ct));
        await File.WriteAllBytesAsync(SnapshotFile(server, id), (third with { Body = WithBodyKind(third.Body, "watchdog/log-backed/2") }).Encode(), Ct);
        await server.RestartAsync(Ct);
        using (HttpClient afterSecondFormat = server.CreateClient())
        {
            Assert.Equal(afterScan, await FindingsAsync(afterSecondFormat, id));
            Assert.Contains($"Discarded the snapshot of watchdog {id}", server.RecentOutput(), StringComparison.Ordinal);
            Assert.Contains("watchdog/log-backed/2, not watchdog/log-backed/3", server.RecentOutput(), StringComparison.Ordinal);
            await WaitForSnapshotAsync(server, afterSecondFormat, id, await afterSecondFormat.LogSizeAsync(Ct));
        }

        // A flipped byte: the checksum no longer holds. A root that is not the log's at its size: stale. Both discarded,
        // the watchdog reads the log from leaf 0 and shows the same findings.
        string file = SnapshotFile(server, id);
        server.Kill();
        byte[] bytes = await File.ReadAllBytesAsync(file, Ct);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(file, bytes, Ct);
        await server.RestartAsync(Ct);
        using (HttpClient afterFlip = server.CreateClient())
        {
            Assert.Equal(afterScan, await FindingsAsync(afterFlip, id));
            Assert.Contains($"Discarded the snapshot of watchdog {id}", server.RecentOutput(), StringComparison.Ordinal);
            Assert.Contains("checksum", server.RecentOutput(), StringComparison.Ordinal);
            await WaitForSnapshotAsync(server, afterFlip, id, await afterFlip.LogSizeAsync(Ct));
        }

        server.Kill();
        GrainSnapshot snapshot = GrainSnapshot.Decode(await File.ReadAllBytesAsync(file, Ct));
        await File.WriteAllBytesAsync(file, (snapshot with { Root = Rfc6962.HashLeaf("another log"u8) }).Encode(), Ct);
        await server.RestartAsync(Ct);
        using HttpClient afterStale = server.CreateClient();
        Assert.Equal(afterScan, await FindingsAsync(afterStale, id));
        Assert.Contains("the log's root at size", server.RecentOutput(), StringComparison.Ordinal);
        using HttpClient lastWatchdog = server.CreateClient(watchdogKey);
        Assert.Empty(await ScanAsync(lastWatchdog, id));
    }

    private static async Task<string> PayAsync(HttpClient agency, string program, string budget, string beneficiary)
    {
        string disbursement = LedgerHttp.UniqueId("d");
        await agency.PostJsonAsync($"api/programs/{program}/disbursements", new { id = disbursement, budget, beneficiary, amount = "10.00" }, Ct)
            .ExpectCreatedAsync(Ct);
        return disbursement;
    }

    /// <summary>The snapshot body with the kind it names (a version byte, then the kind as a length-prefixed string) replaced.</summary>
    private static byte[] WithBodyKind(byte[] body, string kind)
    {
        using var input = new BinaryReader(new MemoryStream(body));
        byte version = input.ReadByte();
        Assert.Equal(WatchdogMonitor.LogBackedBodyKind, input.ReadString());
        using var output = new MemoryStream();
        using (var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(version);
            writer.Write(kind);
            writer.Write(body.AsSpan((int)input.BaseStream.Position));
        }

        return output.ToArray();
    }

    private static async Task<string[]> ScanAsync(HttpClient watchdog, string id)
    {
        JsonElement scan = await (await watchdog.PostAsync(new Uri($"api/watchdogs/{id}/scan", UriKind.Relative), null, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        return [.. scan.GetProperty("raisedFindings").EnumerateArray().Select(f => f.GetString()!)];
    }

    private static async Task<string> FindingsAsync(HttpClient reader, string id) =>
        (await reader.GetJsonAsync($"api/watchdogs/{id}/findings", Ct)).GetRawText();

    private static string SnapshotFile(ServerProcess server, string id) =>
        Path.Combine(server.DataDirectory, "snapshots", "watchdog", Uri.EscapeDataString(id) + ".snapshot");

    /// <summary>The snapshot's position; 0 while the file is still the corrupted one the test wrote.</summary>
    private static ulong TreeSizeOf(byte[] bytes)
    {
        try
        {
            return GrainSnapshot.Decode(bytes).TreeSize;
        }
        catch (InvalidDataException)
        {
            return 0;
        }
    }

    /// <summary>Reads the watchdog (it catches up, which schedules a snapshot) until its snapshot is at <paramref name="minimumSize"/> or beyond.</summary>
    private static async Task WaitForSnapshotAsync(ServerProcess server, HttpClient reader, string id, ulong minimumSize)
    {
        string file = SnapshotFile(server, id);
        for (int attempt = 0; attempt < 300; attempt++)
        {
            await reader.GetJsonAsync($"api/watchdogs/{id}", Ct);
            if (File.Exists(file) && TreeSizeOf(await File.ReadAllBytesAsync(file, Ct)) >= minimumSize)
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"No snapshot of watchdog {id} at size {minimumSize} or beyond.\n{server.RecentOutput()}");
    }
}
