using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Replay;

/// <summary>
/// <c>oversight replay</c> on a log made with <c>oversight log init/append</c> and a report computed from it: agreement,
/// a tampered log, an edited figure, rule violations, bad input.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ReplayCommandTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_report_computed_from_the_log_replays_with_exit_0()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines());

        CliResult result = await ReplayAsync(log, report, "--vkey", log.VerifierKeyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("replayed the 2026-Q4 report against log " + CliLog.Origin, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("signature verified with " + CliLog.Origin + "+", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("all agree with the report", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rules: no violation in the whole history", result.Stdout, StringComparison.Ordinal);
        // No --witness: the only thing on stderr is the note that no witness was required.
        Assert.Equal("note: no witness was required, so the checkpoint's cosignatures were not checked (give --witness and --quorum to require them)\n", result.Stderr);
    }

    [Fact]
    public async Task A_log_served_over_http_replays_like_a_directory()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines());
        await using StaticLogServer server = await StaticLogServer.StartAsync(log.Directory);

        CliResult result = await OversightProcess.RunAsync("replay", "--log", server.BaseAddress.AbsoluteUri, "--report", report, "--vkey", log.VerifierKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("at " + server.BaseAddress.AbsoluteUri, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_verdict_says_how_many_figures_agreed_and_lists_no_mismatch()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines());

        CliResult result = await ReplayAsync(log, report, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
        Assert.False(json.RootElement.GetProperty("signatureChecked").GetBoolean());
        Assert.True(json.RootElement.GetProperty("figures").GetInt32() > 100);
        Assert.Equal(0, json.RootElement.GetProperty("mismatches").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("violations").GetArrayLength());
    }

    [Fact]
    public async Task A_report_of_an_older_checkpoint_still_replays_after_the_log_grew()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines());
        ulong size = await log.AppendFileAsync(_temp, CleanHistory.LaterLines());

        CliResult result = await ReplayAsync(log, report, "--vkey", log.VerifierKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"tree size {size - 1},", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_byte_changed_in_an_entry_on_disk_fails_with_exit_1_naming_the_entry()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines());
        string bundle = Directory.GetFiles(Path.Combine(log.Directory, "tile", "entries"), "*", SearchOption.AllDirectories).Single();
        byte[] bytes = await File.ReadAllBytesAsync(bundle, Ct);
        List<ReadOnlyMemory<byte>> entries = Transparency.Tiles.EntryBundle.Decode(bytes.ToArray());
        int tampered = entries.FindIndex(e => Encoding.UTF8.GetString(e.Span).Contains("\"id\":\"d-7\"", StringComparison.Ordinal));
        int id = bytes.AsSpan().IndexOf("\"id\":\"d-7\""u8);
        int at = bytes.AsSpan(0, id).LastIndexOf("\"amount\":\"27.00\""u8) + "\"amount\":\"2".Length; // keys are sorted: amount comes before id
        bytes[at] = (byte)'9'; // 27.00 → 29.00: same length, so the bundle still parses
        await File.WriteAllBytesAsync(bundle, bytes, Ct);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        string relative = Path.GetRelativePath(log.Directory, bundle).Replace('\\', '/');
        Assert.Contains($"verification failed: entry {tampered} in {relative} does not match its leaf hash", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_figure_in_the_report_fails_with_exit_1_naming_the_figure()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines());
        JsonNode json = JsonNode.Parse(await File.ReadAllBytesAsync(report, Ct))!;
        JsonNode budget = json["budgets"]![0]!;
        string available = (string)budget["atQuarterEnd"]!["available"]!;
        budget["atQuarterEnd"]!["available"] = "1.00";
        await File.WriteAllTextAsync(report, json.ToJsonString(), Ct);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        const string Path = "budget[budget=syria-2026][currency=EUR].atQuarterEnd.available";
        Assert.Contains($"{Path}: the report says '1.00', the log gives '{available}'", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 disagree", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith($"verification failed: 1 figure of the report disagree with the log (first: {Path}", result.Stderr, StringComparison.Ordinal);

        CliResult asJson = await ReplayAsync(log, report, "--json");
        Assert.Equal(1, asJson.ExitCode);
        using var verdict = JsonDocument.Parse(asJson.Stdout);
        Assert.False(verdict.RootElement.GetProperty("verified").GetBoolean());
        JsonElement mismatch = Assert.Single(verdict.RootElement.GetProperty("mismatches").EnumerateArray());
        Assert.Equal((Path, "1.00", available), (mismatch.GetProperty("path").GetString(), mismatch.GetProperty("reported").GetString(), mismatch.GetProperty("recomputed").GetString()));
    }

    [Fact]
    public async Task A_log_that_breaks_the_ring_fence_fails_with_exit_1_even_when_the_figures_agree()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines(breakRingFence: true));

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("all agree with the report", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rules: 25 violations:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Disbursed d-0): ring-fence: the budget 'syria-2026' does not list the program 'cash-aleppo'", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("verification failed: the log breaks 25 rules (first: leaf ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payments_naming_a_counterparty_replay_and_agree_with_the_report_when_paid_before_the_confirmed_hit()
    {
        (CliLog log, string report) = await LogAndReportAsync([.. CleanHistory.Lines(), .. CleanHistory.SanctionedCounterpartyLines("cpty-vendor-1")]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("no violation in the whole history", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_after_a_counterpartys_confirmed_hit_breaks_the_rules()
    {
        (CliLog log, string report) = await LogAndReportAsync(
            [.. CleanHistory.Lines(), .. CleanHistory.SanctionedCounterpartyLines("cpty-vendor-1", paidAfterConfirmation: true)]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("all agree with the report", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rules: 1 violation:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Disbursed d-vendor-2): counterparty-blocked: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_inside_an_attached_licence_replays_and_agrees_with_the_report_that_lists_the_licence()
    {
        (CliLog log, string report) = await LogAndReportAsync([.. CleanHistory.Lines(), .. CleanHistory.LicenceLines()]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("no violation in the whole history", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"licences\"", await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_into_a_sanctioned_jurisdiction_outside_every_licence_breaks_the_rules()
    {
        (CliLog log, string report) = await LogAndReportAsync([.. CleanHistory.Lines(), .. CleanHistory.LicenceLines(paidOutside: true)]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("rules: 1 violation:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Disbursed d-lic-2): unlicensed: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("does not cover the purpose 12220", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reversal_of_more_than_is_left_of_a_payment_and_a_failure_after_its_delivery_break_the_rules()
    {
        // The clean history reverses 1,500 of d-8's 2,800 minor units and confirms d-7's delivery; these two do not fit.
        string[] bad =
        [
            Encoding.UTF8.GetString(new Domain.Entries.Reversed(
                "reverse-d-8-c", new DateTimeOffset(2026, 11, 8, 9, 0, 0, TimeSpan.Zero), "d-8", "cash-aleppo", "syria-2026", "t1",
                new Domain.Money.Money(Domain.Money.Currency.Parse("EUR"), 1_301), "returned").ToCanonicalJson()),
            Encoding.UTF8.GetString(new Domain.Entries.Reversed(
                "reverse-d-7", new DateTimeOffset(2026, 11, 9, 9, 0, 0, TimeSpan.Zero), "d-7", "cash-aleppo", "syria-2026", "t1",
                new Domain.Money.Money(Domain.Money.Currency.Parse("EUR"), 100), "failed").ToCanonicalJson()),
        ];
        (CliLog log, string report) = await LogAndReportAsync([.. CleanHistory.Lines(), .. bad]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("all agree with the report", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rules: 3 violations:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Reversed reverse-d-8-c): reversal-exceeds-paid: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Reversed reverse-d-7): delivered-not-failed: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Benchmarks_with_indicators_replay_a_met_release_and_name_a_contested_release_and_a_decision_not_by_the_owner()
    {
        DateTimeOffset at = new(2026, 10, 10, 9, 0, 0, TimeSpan.Zero);
        DateOnly day = new(2026, 10, 10);
        var eur = Domain.Money.Currency.Parse("EUR");
        string evidence = new('b', 64);
        Domain.Entries.LedgerEntry[] entries =
        [
            new Domain.Entries.TrancheAdded("tranche-t2", at, "syria-2026", "t2", new Domain.Money.Money(eur, 10_000), false, ["detainees"]),
            new Domain.Entries.TrancheAdded("tranche-t3", at, "syria-2026", "t3", new Domain.Money.Money(eur, 10_000), false, ["access"]),
            new Domain.Entries.BenchmarkDefined("def-t2", at, "syria-2026", "t2", "detainees", "share of listed detainees released", "percent", 10m, 80m, Domain.Entries.TargetDirection.AtLeast, day, 2, 2),
            new Domain.Entries.BenchmarkDefined("def-t3", at, "syria-2026", "t3", "access", "days to grant access", "days", 45m, 10m, Domain.Entries.TargetDirection.AtMost, day, 2, 1),
            new Domain.Entries.VerifierRegistered("reg-1", at, "syria-2026", "watchdog-audit", "domestic"),
            new Domain.Entries.VerifierRegistered("reg-2", at, "syria-2026", "watchdog-panel", "international"),
            new Domain.Entries.BenchmarkVerified("v-1", at, "syria-2026", "t2", "detainees", "watchdog-audit", evidence, day, 82.5m),
            new Domain.Entries.BenchmarkVerified("v-2", at, "syria-2026", "t2", "detainees", "watchdog-panel", evidence, day, 81m),
            new Domain.Entries.TrancheReleased("release-t2", at, "syria-2026", "t2", new Domain.Money.Money(eur, 10_000), ["detainees"], "donor-1"),
            new Domain.Entries.BenchmarkVerified("v-3", at, "syria-2026", "t3", "access", "watchdog-audit", evidence, day, 7m),
            new Domain.Entries.BenchmarkVerified("v-4", at, "syria-2026", "t3", "access", "watchdog-panel", evidence, day, 30m),
            new Domain.Entries.BenchmarkDecided("decide-t3", at, "syria-2026", "t3", "access", true, "trust me", "watchdog-audit"),
            new Domain.Entries.TrancheReleased("release-t3", at, "syria-2026", "t3", new Domain.Money.Money(eur, 10_000), ["access"], "donor-1"),
        ];
        (CliLog log, string report) = await LogAndReportAsync([.. CleanHistory.Lines(), .. entries.Select(e => Encoding.UTF8.GetString(e.ToCanonicalJson()))]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("all agree with the report", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rules: 2 violations:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(BenchmarkDecided decide-t3): decision-not-by-owner: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(TrancheReleased release-t3): benchmark-contested: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payments_of_a_refused_row_or_without_a_vetting_the_budget_requires_fail_with_exit_1()
    {
        DateTimeOffset at = new(2026, 12, 20, 9, 0, 0, TimeSpan.Zero);
        var eur = Domain.Money.Currency.Parse("EUR");
        Domain.Beneficiaries.BeneficiaryPseudonym household = Domain.Beneficiaries.BeneficiaryPseudonym.Derive(
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("replay tests")), "HH-0");
        Domain.Entries.LedgerEntry[] entries =
        [
            new Domain.Entries.VettingRequired("vetting", at, "syria-2026", new Domain.Money.Money(eur, 0), 7),
            new Domain.Entries.VetterRegistered("vetter", at, "syria-2026", "watchdog-cs"),
            new Domain.Entries.PaymentListSubmitted("list", at, "syria-2026", "cash-aleppo", "agency-wfp", "dec", new string('d', 64), 2, new Domain.Money.Money(eur, 200), at.AddDays(7)),
            new Domain.Entries.PaymentListVetted(
                "vetted", at, "syria-2026", "cash-aleppo", "dec", "watchdog-cs", ["v-1"], new Dictionary<string, string> { ["v-2"] = Domain.Entries.RowRefusalReasons.DuplicateBeneficiary }),
            new Domain.Entries.Disbursed("disbursement/cash-aleppo/v-1", at, "cash-aleppo", "syria-2026", "t1", household, new Domain.Money.Money(eur, 100), "72010", "cash", "2026-12"),
            new Domain.Entries.Disbursed("disbursement/cash-aleppo/v-2", at, "cash-aleppo", "syria-2026", "t1", household, new Domain.Money.Money(eur, 100), "72010", "cash", "2026-12"),
            new Domain.Entries.Disbursed("disbursement/cash-aleppo/unvetted", at, "cash-aleppo", "syria-2026", "t1", household, new Domain.Money.Money(eur, 100), "72010", "cash", "2026-12"),
        ];
        (CliLog log, string report) = await LogAndReportAsync([.. CleanHistory.Lines(), .. entries.Select(e => Encoding.UTF8.GetString(e.ToCanonicalJson()))]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(result.Stdout.Contains("rules: 2 violations", StringComparison.Ordinal), result.Stdout);
        Assert.Contains("(Disbursed disbursement/cash-aleppo/v-2): row-refused: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Disbursed disbursement/cash-aleppo/unvetted): vetting-required: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_closed_as_passed_that_its_windows_verifications_do_not_support_fails_with_exit_1()
    {
        DateTimeOffset at = new(2026, 10, 10, 9, 0, 0, TimeSpan.Zero);
        DateTimeOffset after = new(2026, 11, 2, 0, 20, 0, TimeSpan.Zero);
        DateOnly due = new(2026, 10, 1);
        var eur = Domain.Money.Currency.Parse("EUR");
        string evidence = new('c', 64);
        Domain.Entries.LedgerEntry[] entries =
        [
            new Domain.Entries.TrancheAdded("tranche-t4", at.AddDays(-9), "syria-2026", "t4", new Domain.Money.Money(eur, 10_000), false, ["access"]),
            new Domain.Entries.BenchmarkDefined(
                "def-t4", at.AddDays(-9), "syria-2026", "t4", "access", "share of visits granted", "percent", 20m, 90m, Domain.Entries.TargetDirection.AtLeast, due, 2, 2,
                Domain.Entries.ReviewCadence.Monthly, 2),
            new Domain.Entries.VerifierRegistered("reg-1", at, "syria-2026", "watchdog-audit", "domestic"),
            new Domain.Entries.VerifierRegistered("reg-2", at, "syria-2026", "watchdog-panel", "international"),
            new Domain.Entries.ReviewOpened("review-1", at, "syria-2026", "t4", "access", 1, due, new DateOnly(2026, 10, 31)),
            new Domain.Entries.BenchmarkVerified("v-1", at, "syria-2026", "t4", "access", "watchdog-audit", evidence, new DateOnly(2026, 10, 9), 40m),
            new Domain.Entries.BenchmarkVerified("v-2", at, "syria-2026", "t4", "access", "watchdog-panel", evidence, new DateOnly(2026, 10, 10), 45m),
            new Domain.Entries.ReviewClosed("closed-1", after, "syria-2026", "t4", "access", 1, Domain.Entries.ReviewOutcome.Passed),
        ];
        (CliLog log, string report) = await LogAndReportAsync([.. CleanHistory.Lines(), .. entries.Select(e => Encoding.UTF8.GetString(e.ToCanonicalJson()))]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(result.Stdout.Contains("rules: 1 violation", StringComparison.Ordinal), result.Stdout);
        Assert.DoesNotContain("(ReviewOpened", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(ReviewClosed closed-1): review-outcome-unsupported: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consequence_the_budgets_terms_do_not_hold_and_a_lift_without_a_passed_review_fail_with_exit_1()
    {
        DateTimeOffset at = new(2026, 10, 10, 9, 0, 0, TimeSpan.Zero);
        DateTimeOffset after = new(2026, 11, 2, 0, 20, 0, TimeSpan.Zero);
        DateOnly due = new(2026, 10, 1);
        var eur = Domain.Money.Currency.Parse("EUR");
        Domain.Entries.LedgerEntry[] entries =
        [
            new Domain.Entries.TrancheAdded("tranche-t4", at.AddDays(-9), "syria-2026", "t4", new Domain.Money.Money(eur, 10_000), false, ["access"]),
            new Domain.Entries.BenchmarkDefined(
                "def-t4", at.AddDays(-9), "syria-2026", "t4", "access", "share of visits granted", "percent", 20m, 90m, Domain.Entries.TargetDirection.AtLeast, due, 1, 1,
                Domain.Entries.ReviewCadence.Monthly, 1),
            new Domain.Entries.ReviewOpened("review-1", at, "syria-2026", "t4", "access", 1, due, new DateOnly(2026, 10, 31)),
            new Domain.Entries.ReviewClosed("closed-1", after, "syria-2026", "t4", "access", 1, Domain.Entries.ReviewOutcome.Missed),
            new Domain.Entries.ConsequenceApplied("pause-1", after, "syria-2026", 1, Domain.Entries.ConsequenceAction.PauseNextTranche, ["t4"], "closed-1"),
            new Domain.Entries.ConsequenceLifted("lift-1", after, "syria-2026", 1, "lifted without a passed review", "closed-1", "donor-key-1"),
        ];
        (CliLog log, string report) = await LogAndReportAsync([.. CleanHistory.Lines(), .. entries.Select(e => Encoding.UTF8.GetString(e.ToCanonicalJson()))]);

        CliResult result = await ReplayAsync(log, report);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(result.Stdout.Contains("rules: 2 violations", StringComparison.Ordinal), result.Stdout);
        Assert.Contains("(ConsequenceApplied pause-1): consequence-not-in-ladder: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(ConsequenceLifted lift-1): unknown-consequence: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_whose_checkpoint_another_key_signed_fails_with_exit_1()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines());
        CliLog other = await CliLog.InitAsync(_temp, "other");

        CliResult result = await ReplayAsync(log, report, "--vkey", other.VerifierKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("the report's checkpoint is not signed by " + CliLog.Origin, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_witnesses_the_reports_cited_checkpoint_must_carry_the_quorum()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, CleanHistory.Lines());
        var storage = new FileSystemLogStorage(log.Directory);
        byte[] note = (await storage.ReadAsync("checkpoint", Ct))!;
        Checkpoint checkpoint = Checkpoint.Parse(SignedNote.Parse(note).Text);
        (string signerA, string a) = WitnessKeys.Generate("witness.example.org/replay-a");
        (_, string b) = WitnessKeys.Generate("witness.example.org/replay-b");
        using Cosigner cosignerA = WitnessKeys.OpenCosigner(signerA);
        byte[] cosigned = SignedNote.Parse(note).WithSignature(cosignerA.Sign(checkpoint, 1_800_000_000)).Format();
        QuarterlyReport report = await LogReportSource.BuildReportAsync(storage, Q4, ReportCheckpoint.FromSignedNote(cosigned), Ct);
        string path = _temp.File("report-cosigned.json");
        await File.WriteAllBytesAsync(path, ReportJsonWriter.ToUtf8Bytes(report), Ct);

        CliResult one = await ReplayAsync(log, path, "--vkey", log.VerifierKeyFile, "--witness", a, "--witness", b, "--quorum", "1", "--json");
        CliResult two = await ReplayAsync(log, path, "--vkey", log.VerifierKeyFile, "--witness", a, "--witness", b, "--quorum", "2");

        Assert.True(one.ExitCode == 0, one.ToString());
        using (var json = JsonDocument.Parse(one.Stdout))
        {
            Assert.Equal("witness.example.org/replay-a", Assert.Single(json.RootElement.GetProperty("witnesses").EnumerateArray()).GetProperty("name").GetString());
        }

        Assert.True(two.ExitCode == 1, two.ToString());
        Assert.Contains(b, two.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_malformed_report_or_log_is_exit_2()
    {
        (CliLog log, string report) = await LogAndReportAsync(CleanHistory.Lines());

        CliResult missing = await ReplayAsync(log, _temp.File("no-such-report.json"));
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("error: cannot read report file", missing.Stderr, StringComparison.Ordinal);

        string malformed = _temp.File("malformed.json");
        await File.WriteAllTextAsync(malformed, "{\"format\":\"oversightledger-quarterly-report/1\"}", Ct);
        CliResult notAReport = await ReplayAsync(log, malformed);
        Assert.True(notAReport.ExitCode == 2, notAReport.ToString());
        Assert.Contains("is not a quarterly report: $.quarter: is missing", notAReport.Stderr, StringComparison.Ordinal);

        CliResult noLog = await OversightProcess.RunAsync("replay", "--log", _temp.File("no-such-log"), "--report", report);
        Assert.True(noLog.ExitCode == 2, noLog.ToString());

        CliResult usage = await OversightProcess.RunAsync("replay", "--log", log.Directory);
        Assert.True(usage.ExitCode == 2, usage.ToString());
    }

    private static Task<CliResult> ReplayAsync(CliLog log, string report, params string[] extra) =>
        OversightProcess.RunAsync(["replay", "--log", log.Directory, "--report", report, .. extra]);

    /// <summary>A log made by the CLI from <paramref name="lines"/>, and the 2026-Q4 report computed from it, saved as JSON.</summary>
    private async Task<(CliLog Log, string Report)> LogAndReportAsync(IReadOnlyList<string> lines)
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, lines);
        var storage = new FileSystemLogStorage(log.Directory);
        ReportCheckpoint checkpoint = ReportCheckpoint.FromSignedNote((await storage.ReadAsync("checkpoint", Ct))!);
        QuarterlyReport report = await LogReportSource.BuildReportAsync(storage, Q4, checkpoint, Ct);
        string path = _temp.File("report-2026-Q4.json");
        await File.WriteAllBytesAsync(path, ReportJsonWriter.ToUtf8Bytes(report), Ct);
        return (log, path);
    }
}
