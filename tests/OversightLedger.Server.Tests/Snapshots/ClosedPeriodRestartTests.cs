using System.Globalization;
using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Programs;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17, item 2, on the real server killed with SIGKILL: the program grain writes a closed period's totals beside its
/// snapshot and lets go of them; a late payment for that period and a reversal of a payment in it read them back (the cap
/// holds in the same activation and after a restart, the reversal gives back the right amount), and a stored copy that
/// was damaged is found out and the period added up again from the log.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ClosedPeriodRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_closed_period_leaves_memory_and_its_cap_and_reversals_hold_across_a_restart_and_a_damaged_copy()
    {
        string old = PaymentPeriod.Of(CapPeriod.Month, TimeProvider.System.GetUtcNow().AddMonths(-3));
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "5"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        string capped = setup.Beneficiaries[0];
        int fills = 0;
        string lastDigest;
        JsonElement enrolment;
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            await DisburseAsync(agency, setup, "old-a", capped, "70.00", old);
            await DisburseAsync(agency, setup, "old-b", setup.Beneficiaries[1], "20.00", old);
            (int paid, string digest) = await SettleAsync(agency, server, setup, old, "a", except: null);
            fills += paid;
            Assert.Contains($"Closed the period {old} of program {setup.Program}", server.RecentOutput(), StringComparison.Ordinal);

            // The same activation: the period is read back for a late payment in it.
            Assert.Contains(RejectionCode.CapExceeded, await RefusedAsync(agency, setup, "late-over", capped, "30.01", old), StringComparison.Ordinal);
            await DisburseAsync(agency, setup, "late-ok", capped, "30.00", old);
            (paid, lastDigest) = await SettleAsync(agency, server, setup, old, "b", except: digest);
            fills += paid;

            // An enrolment below the snapshot is kept as its pseudonym only: its replay is read back from the log.
            enrolment = await EnrolAsync(agency, setup, setup.Beneficiaries[0]);
        }

        server.Kill();
        await server.RestartAsync(Ct);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            Assert.Equal(
                enrolment.GetProperty("recorded").GetProperty("leafIndex").GetUInt64(),
                (await EnrolAsync(agency, setup, setup.Beneficiaries[0])).GetProperty("recorded").GetProperty("leafIndex").GetUInt64());

            // After the restart: the cap of the closed period holds (100 paid), a reversal of a payment in it gives back 40.
            Assert.Contains(RejectionCode.CapExceeded, await RefusedAsync(agency, setup, "after-over", capped, "0.01", old), StringComparison.Ordinal);
            await agency.PostJsonAsync(
                $"api/programs/{setup.Program}/disbursements/old-a/reversal", new { amount = "40.00", reason = "returned", requestId = "rev-old" }, Ct).ExpectCreatedAsync(Ct);
            Assert.Contains(RejectionCode.CapExceeded, await RefusedAsync(agency, setup, "after-over-2", capped, "40.01", old), StringComparison.Ordinal);
            await DisburseAsync(agency, setup, "after-ok", capped, "39.00", old); // 99 paid: not the totals stored before
            (int paid, _) = await SettleAsync(agency, server, setup, old, "c", except: lastDigest);
            fills += paid;
        }

        // Every stored copy of the period damaged: found out after the restart, the period added up again from the log.
        server.Kill();
        foreach (string copy in ClosedCopies(server, setup, old))
        {
            byte[] bytes = await File.ReadAllBytesAsync(copy, Ct);
            bytes[bytes.Length - 40] ^= 0x01;
            await File.WriteAllBytesAsync(copy, bytes, Ct);
        }

        await server.RestartAsync(Ct);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            Assert.Contains(RejectionCode.CapExceeded, await RefusedAsync(agency, setup, "damaged-over", capped, "1.01", old), StringComparison.Ordinal);
            await agency.PostJsonAsync(
                $"api/programs/{setup.Program}/disbursements/old-b/reversal", new { amount = "5.00", reason = "returned", requestId = "rev-old-b" }, Ct).ExpectCreatedAsync(Ct);
            Assert.Contains(RejectionCode.CapExceeded, await RefusedAsync(agency, setup, "damaged-over-b", setup.Beneficiaries[1], "85.01", old), StringComparison.Ordinal);
            await DisburseAsync(agency, setup, "damaged-ok-b", setup.Beneficiaries[1], "85.00", old);
        }

        Assert.Contains($"Discarded the stored totals of the closed period {old} of program {setup.Program}", server.RecentOutput(), StringComparison.Ordinal);

        // 70 + 20 + 30 + 39 + 85 in the old period, 1.00 a fill now, less the reversals of 40 and 5.
        using HttpClient reader = server.CreateClient();
        Assert.Equal(199.00m + fills, (await reader.GetJsonAsync($"api/programs/{setup.Program}", Ct)).Amount("disbursed"));
    }

    private static async Task<JsonElement> DisburseAsync(HttpClient agency, FundedProgram setup, string id, string beneficiary, string amount, string? period) =>
        await (await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id, budget = setup.Budget, beneficiary, amount, period }, Ct))
            .ExpectJsonAsync(HttpStatusCode.Created, Ct);

    private static async Task<JsonElement> EnrolAsync(HttpClient agency, FundedProgram setup, string reference) =>
        await (await agency.PostJsonAsync($"api/programs/{setup.Program}/beneficiaries", new { reference }, Ct)).ExpectJsonAsync(HttpStatusCode.Created, Ct);

    private static async Task<string> RefusedAsync(HttpClient agency, FundedProgram setup, string id, string beneficiary, string amount, string period)
    {
        HttpResponseMessage response = await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id, budget = setup.Budget, beneficiary, amount, period }, Ct);
        Assert.NotEqual(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static string[] ClosedCopies(ServerProcess server, FundedProgram setup, string period)
    {
        string folder = Path.Combine(server.DataDirectory, "snapshots", "program-periods", Uri.EscapeDataString(setup.Program));
        return Directory.Exists(folder) ? Directory.GetFiles(folder, $"{period}-*.snapshot") : [];
    }

    /// <summary>
    /// Pays 1.00 in the current month (which moves the program on, so old periods close) until the program's snapshot names
    /// <paramref name="period"/> as closed under a digest other than <paramref name="except"/>, with its stored copy beside it;
    /// returns how many payments that took and the digest.
    /// </summary>
    private static async Task<(int Paid, string Digest)> SettleAsync(HttpClient agency, ServerProcess server, FundedProgram setup, string period, string tag, string? except)
    {
        string file = Path.Combine(server.DataDirectory, "snapshots", "program", Uri.EscapeDataString(setup.Program) + ".snapshot");
        for (int paid = 1; paid <= 60; paid++)
        {
            await DisburseAsync(agency, setup, string.Create(CultureInfo.InvariantCulture, $"fill-{tag}-{paid}"), setup.Beneficiaries[1 + (paid % 2)], "1.00", period: null);
            await Task.Delay(200, Ct);
            if (File.Exists(file)
                && BeneficiaryProgram.FromLogBackedSnapshot(setup.Program, GrainSnapshot.Decode(await File.ReadAllBytesAsync(file, Ct)).Body).ClosedPeriod(period) is { } closed
                && closed.Digest != except
                && File.Exists(Path.Combine(server.DataDirectory, "snapshots", closed.StoreName(setup.Program) + ".snapshot")))
            {
                return (paid, closed.Digest);
            }
        }

        Assert.Fail($"The program's snapshot never named {period} closed.\n{server.RecentOutput()}");
        return default;
    }
}
