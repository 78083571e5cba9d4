using System.CommandLine;
using OversightLedger.Load;

// The load harness: starts the real server (build this in Release) or targets --server, sets up a ledger, runs a scenario,
// and prints a Markdown table row per scenario. See tests/OversightLedger.Load/README.md.
var server = new Option<Uri?>("--server")
{
    Description = "Load an existing server at URL instead of starting one (needs --admin-key).",
    HelpName = "URL",
    Recursive = true,
    CustomParser = result => new Uri(result.Tokens.Single().Value, UriKind.Absolute),
};
var adminKey = new Option<string?>("--admin-key") { Description = "The existing server's admin key (default: $OVERSIGHT_ADMIN_KEY).", HelpName = "KEY", Recursive = true };
var serverPid = new Option<int?>("--server-pid") { Description = "The existing server's process id, to sample its memory.", HelpName = "PID", Recursive = true };
var programs = new Option<int>("--programs") { Description = "Programs to spread the load over.", DefaultValueFactory = _ => 1, Recursive = true };
var beneficiaries = new Option<int>("--beneficiaries") { Description = "Beneficiaries enrolled in each program.", DefaultValueFactory = _ => 1000, Recursive = true };
var alsoServers = new Option<Uri[]>("--also-server")
{
    Description = "Another silo of the --server's cluster (azure profile; repeat for more): http-single spreads its clients over all of them.",
    HelpName = "URL",
    Recursive = true,
    CustomParser = result => [.. result.Tokens.Select(token => new Uri(token.Value, UriKind.Absolute))],
};
var keepData = new Option<bool>("--keep-data") { Description = "Keep the started server's data directory (its path is printed).", Recursive = true };
var clients = new Option<int>("--clients") { Description = "Concurrent clients.", DefaultValueFactory = _ => 64 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds.", DefaultValueFactory = _ => 20 };
var warmup = new Option<int>("--warmup") { Description = "Warm-up seconds before measuring.", DefaultValueFactory = _ => 3 };
var rows = new Option<int>("--rows") { Description = "Rows in the payment list (at most 100,000).", DefaultValueFactory = _ => 100_000 };

var httpSingle = new Command("http-single", "Single POST disbursements from concurrent clients, each with a unique id: throughput, p50/p99 latency, errors.") { clients, seconds, warmup };
var connections = new Option<int>("--connections") { Description = "wrk's open connections.", DefaultValueFactory = _ => 64 };
var wrkThreads = new Option<int>("--threads") { Description = "wrk's threads.", DefaultValueFactory = _ => 2 };
var httpWrk = new Command(
    "http-wrk",
    "The http-single load sent by wrk (an external load generator, Debian package wrk) with a Lua script for unique ids: throughput, wrk's p50/p99, the server's and wrk's CPU per request.")
{
    connections, wrkThreads, seconds, warmup,
};
var paymentList = new Command("payment-list", "One CSV payment list upload: total seconds and rows/s.") { rows };
var workers = new Option<int>("--workers") { Description = "Concurrent grain callers.", DefaultValueFactory = _ => 256 };
var rowsPerCall = new Option<int>("--rows-per-call") { Description = "Disbursements per grain call (1 = single disbursements).", DefaultValueFactory = _ => 1 };
var grainDirect = new Command("grain-direct", "Disbursements/s through grain calls (an Orleans client on the server's gateway), without HTTP.") { workers, rowsPerCall, seconds, warmup };
var kills = new Option<int>("--kills") { Description = "Times to kill the server with SIGKILL and restart it.", DefaultValueFactory = _ => 50 };
var soakClients = new Option<int>("--clients") { Description = "Concurrent clients posting single disbursements (one more posts payment lists).", DefaultValueFactory = _ => 8 };
var listRows = new Option<int>("--list-rows") { Description = "Rows in each payment list.", DefaultValueFactory = _ => 50 };
var seed = new Option<int?>("--seed") { Description = "Seed of the random kill moments (default: random, printed)." };
var crashLoop = new Command(
    "crash-loop",
    "Crash soak: kills the started server with SIGKILL at random moments under load and restarts it on the same data, checking after each kill that no acknowledged disbursement is lost, no checkpoint forks and balances equal the log.")
{
    kills, soakClients, listRows, seed,
};
var entries = new Option<long>("--entries") { Description = "Entries to fill the log with before the restart.", DefaultValueFactory = _ => 1_000_000 };
var fillRows = new Option<int>("--list-rows") { Description = "Rows in each payment list that fills the log (at most 100,000).", DefaultValueFactory = _ => 100_000 };
var restarts = new Option<int>("--restarts") { Description = "Times to kill and restart the server after the fill (each restart measured).", DefaultValueFactory = _ => 1 };
var restartAtSize = new Command(
    "restart-at-size",
    "Fills a log it starts to N entries with payment lists, kills the server (SIGKILL) and starts it on the same data: time to ready, to the first accepted disbursement, and RSS after it.")
{
    entries, fillRows, restarts,
};
var counterparties = new Option<int>("--counterparties") { Description = "Counterparties to register before the list changes.", DefaultValueFactory = _ => 100_000 };
var changedEntries = new Option<int>("--changed") { Description = "SDN entries the list in force at registration leaves out (the change adds them).", DefaultValueFactory = _ => 50 };
var sdnList = new Option<string?>("--sdn") { Description = "The full OFAC SDN sdn.csv (default: shared/sanctions/ofac-sdn-full/sdn.csv beside the repository).", HelpName = "FILE" };
var rescreen = new Command(
    "rescreen",
    "Registers N counterparties against the SDN list less K entries, then puts the full list in force: time until every counterparty is re-screened against what changed.")
{
    counterparties, changedEntries, sdnList,
};
var root = new RootCommand("OversightLedger load harness: prints a Markdown table row per scenario.")
{
    server, adminKey, serverPid, alsoServers, programs, beneficiaries, keepData, httpSingle, httpWrk, paymentList, grainDirect, crashLoop, restartAtSize, rescreen,
};

LoadSettings Settings(ParseResult p) => new(
    p.GetValue(server), p.GetValue(adminKey) ?? Environment.GetEnvironmentVariable("OVERSIGHT_ADMIN_KEY"), p.GetValue(serverPid),
    Math.Max(1, p.GetValue(programs)), Math.Max(1, p.GetValue(beneficiaries)), p.GetValue(keepData))
{
    MoreServers = p.GetValue(alsoServers) ?? [],
};

string CommandLine(string[] arguments) => "OversightLedger.Load " + string.Join(' ', arguments);

async Task<int> ReportAsync(Func<Task<string>> run)
{
    if (ServerUnderTest.AssemblyConfiguration != "Release")
    {
        await Console.Error.WriteLineAsync($"warning: the server was built in {ServerUnderTest.AssemblyConfiguration}; measure with `dotnet run -c Release --project tests/OversightLedger.Load -- …`.");
    }

    string row = await run();
    Console.WriteLine(MarkdownReport.Header);
    Console.WriteLine(row);
    return 0;
}

httpSingle.SetAction((p, token) => ReportAsync(() => LoadRun.RunAsync(
    Settings(p),
    (address, ledger, pid, ct) => HttpSingleScenario.RunAsync(
        [address, .. Settings(p).MoreServers], ledger, pid, Math.Max(1, p.GetValue(clients)), TimeSpan.FromSeconds(Math.Max(1, p.GetValue(seconds))), TimeSpan.FromSeconds(Math.Max(0, p.GetValue(warmup))), ct),
    CommandLine(args),
    token)));
httpWrk.SetAction((p, token) => ReportAsync(() => LoadRun.RunAsync(
    Settings(p),
    (address, ledger, pid, ct) => HttpWrkScenario.RunAsync(
        address, ledger, pid, Math.Max(1, p.GetValue(connections)), Math.Max(1, p.GetValue(wrkThreads)),
        TimeSpan.FromSeconds(Math.Max(1, p.GetValue(seconds))), TimeSpan.FromSeconds(Math.Max(0, p.GetValue(warmup))), ct),
    CommandLine(args),
    token)));
paymentList.SetAction((p, token) => ReportAsync(() => LoadRun.RunAsync(
    Settings(p),
    (address, ledger, pid, ct) => PaymentListScenario.RunAsync(address, ledger, pid, Math.Clamp(p.GetValue(rows), 1, 100_000), ct),
    CommandLine(args),
    token)));
grainDirect.SetAction((p, token) => ReportAsync(() => LoadRun.RunAsync(
    Settings(p),
    (address, ledger, pid, ct) => GrainDirectScenario.RunAsync(
        ledger, pid, Math.Max(1, p.GetValue(workers)), Math.Clamp(p.GetValue(rowsPerCall), 1, 10_000),
        TimeSpan.FromSeconds(Math.Max(1, p.GetValue(seconds))), TimeSpan.FromSeconds(Math.Max(0, p.GetValue(warmup))), ct),
    CommandLine(args),
    token)));

crashLoop.SetAction(async (p, token) =>
{
    if (p.GetValue(server) is not null)
    {
        await Console.Error.WriteLineAsync("crash-loop kills the server: it runs only on a server it starts (no --server).");
        return 2;
    }

    bool held = false;
    await ReportAsync(async () =>
    {
        (ScenarioResult result, held) = await CrashLoopScenario.RunAsync(
            Settings(p), Math.Max(1, p.GetValue(kills)), Math.Max(1, p.GetValue(soakClients)), Math.Clamp(p.GetValue(listRows), 1, 10_000),
            p.GetValue(seed) ?? Random.Shared.Next(), token);
        return MarkdownReport.Row(result, ServerUnderTest.AssemblyConfiguration, CommandLine(args));
    });
    return held ? 0 : 1;
});

restartAtSize.SetAction(async (p, token) =>
{
    if (p.GetValue(server) is not null)
    {
        await Console.Error.WriteLineAsync("restart-at-size restarts the server: it runs only on a server it starts (no --server).");
        return 2;
    }

    return await ReportAsync(async () => MarkdownReport.Row(
        await RestartAtSizeScenario.RunAsync(
            Settings(p), Math.Max(1, p.GetValue(entries)), Math.Clamp(p.GetValue(fillRows), 1, 100_000), Math.Clamp(p.GetValue(restarts), 1, 100), token),
        ServerUnderTest.AssemblyConfiguration,
        CommandLine(args)));
});

rescreen.SetAction(async (p, token) =>
{
    if (p.GetValue(server) is not null)
    {
        await Console.Error.WriteLineAsync("rescreen configures the server's sanctions list: it runs only on a server it starts (no --server).");
        return 2;
    }

    string sdn = p.GetValue(sdnList) ?? SharedData.Path("sanctions", "ofac-sdn-full", "sdn.csv");
    return await ReportAsync(async () => MarkdownReport.Row(
        await RescreenScenario.RunAsync(Settings(p), sdn, Math.Max(1, p.GetValue(counterparties)), Math.Clamp(p.GetValue(changedEntries), 0, 1_000), token),
        ServerUnderTest.AssemblyConfiguration,
        CommandLine(args)));
});

return await root.Parse(args).InvokeAsync();
