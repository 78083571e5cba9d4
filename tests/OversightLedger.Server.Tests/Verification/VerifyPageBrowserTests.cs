using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Verification;

/// <summary>
/// The /verify page of a real server in headless Chromium: a genuine receipt, fetched by its ids or pasted, shows
/// "Verified in your browser" with its leaf, tree size, witnesses and time (at a desk's and a phone's width, with a
/// screenshot of each); a receipt whose entry, proof, checkpoint or cosignature was altered, or a wrong pinned key,
/// shows which check failed; keys the server suggests are not trusted until the user pins them; hostile query strings
/// stay text; and a browser without Ed25519 says it cannot verify.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Trait(TestCategories.Name, TestCategories.Browser)]
[Collection(LedgerServerCollection.Name)]
public sealed class VerifyPageBrowserTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_genuine_receipt_fetched_by_its_ids_is_verified_in_the_browser_at_desktop_and_phone_widths()
    {
        VerifyPageScenario scenario = await VerifyPageScenario.GetAsync(fixture, Ct);
        await scenario.CosignLatestAsync(fixture, Ct);
        using JsonDocument receipt = JsonDocument.Parse(await fixture.Public.GetStringAsync(
            new Uri($"api/programs/{scenario.Program}/disbursements/{scenario.Disbursement}", UriKind.Relative), Ct));
        string leaf = receipt.RootElement.GetProperty("leafIndex").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string treeSize = receipt.RootElement.GetProperty("treeSize").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(fixture.Server.BaseAddress, "verify", VerifyPageTab.Desktop);
        (string pinState, _) = await page.PinAsync(scenario.LogKey, scenario.WitnessKeys, 2);
        Assert.Equal("pinned", pinState);
        await page.FillAsync("program", scenario.Program);
        await page.FillAsync("id", scenario.Disbursement);
        VerifyVerdict desktop = await page.VerifyAsync();

        Assert.True(desktop.State == "verified", desktop.ToString());
        Assert.Equal("Verified in your browser", desktop.Title);
        Assert.Empty(desktop.FailedSteps);
        Assert.Equal(["log-signature", "checkpoint", "entry", "inclusion", "witnesses"], desktop.Checks.Select(c => c.Step));
        Assert.Equal(leaf, desktop.Facts["Leaf index"]);
        Assert.Equal(treeSize, desktop.Facts["Tree size"]);
        Assert.Equal($"disbursement/{scenario.Program}/{scenario.Disbursement}", desktop.Facts["Disbursement"]);
        Assert.Equal("20.00 USD", desktop.Facts["Amount"]);
        Assert.All(scenario.Witnesses, w => Assert.Contains(w.Cosigner.Name + " at 20", desktop.Facts["Witnesses"], StringComparison.Ordinal));
        Assert.Contains("witness quorum 2 of 2 met", desktop.Text, StringComparison.Ordinal);
        Assert.Contains($"?program={scenario.Program}&id={scenario.Disbursement}", page.Tab.Url, StringComparison.Ordinal);
        string desktopShot = await page.ScreenshotAsync("verify-desktop.png");

        // The link the page now shows opens on a phone and checks again by itself, with the keys pinned in this browser.
        await page.Tab.SetViewportAsync(VerifyPageTab.Phone);
        await page.GoToAsync($"verify?program={scenario.Program}&id={scenario.Disbursement}");
        VerifyVerdict phone = await page.VerdictAsync();
        (double scrollWidth, double innerWidth, double verdictRight) = await page.LayoutAsync();
        string phoneShot = await page.ScreenshotAsync("verify-phone.png");

        Assert.True(phone.State == "verified", phone.ToString());
        Assert.Contains("Verified in your browser", phone.Text, StringComparison.Ordinal);
        Assert.Equal(leaf, phone.Facts["Leaf index"]);
        Assert.Equal(390, innerWidth);
        Assert.True(scrollWidth <= innerWidth, $"the page is {scrollWidth}px wide in a {innerWidth}px viewport");
        Assert.True(verdictRight <= innerWidth, $"the verdict reaches {verdictRight}px in a {innerWidth}px viewport");
        foreach (string shot in new[] { desktopShot, phoneShot })
        {
            byte[] png = await File.ReadAllBytesAsync(shot, Ct);
            Assert.True(png.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']), $"{shot} is a PNG");
            Assert.True(png.Length > 20_000, $"{shot} is only {png.Length} bytes");
        }

        // A pasted receipt URL of this server is fetched and checked the same way.
        await page.FillAsync("receipt", new Uri(fixture.Server.BaseAddress, $"api/programs/{scenario.Program}/disbursements/{scenario.Disbursement}/receipt.tlog-proof").AbsoluteUri);
        VerifyVerdict byUrl = await page.VerifyAsync();
        Assert.True(byUrl.State == "verified", byUrl.ToString());
        Assert.Equal(leaf, byUrl.Facts["Leaf index"]);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_pages_inclusion_check_agrees_with_the_RFC_6962_definitions_for_every_leaf_of_trees_up_to_40()
    {
        var tree = new ReferenceMerkleTree(Enumerable.Range(0, 40).Select(i => Encoding.UTF8.GetBytes($"entry {i}")));
        var cases = new List<object>();
        for (int size = 1; size <= tree.Size; size++)
        {
            string root = Convert.ToBase64String(tree.Mth(size));
            for (int index = 0; index < size; index++)
            {
                string[] path = [.. tree.Path(index, size).Select(Convert.ToBase64String)];
                string leaf = Convert.ToBase64String(tree.LeafHash(index));
                cases.Add(new { index, size, leaf, path, root, expect = "true" });
                cases.Add(new { index, size, leaf = Convert.ToBase64String(tree.LeafHash((index + 1) % tree.Size)), path, root, expect = "false" });
                if (path.Length > 0)
                {
                    string[] swapped = [.. path];
                    swapped[^1] = Convert.ToBase64String(tree.Mth(size == tree.Size ? 1 : size + 1));
                    cases.Add(new { index, size, leaf, path = swapped, root, expect = "false" });
                    cases.Add(new { index, size, leaf, path = path[..^1], root, expect = "error" });
                }

                cases.Add(new { index, size, leaf, path = (string[])[.. path, root], root, expect = "error" });
            }

            cases.Add(new { index = size, size, leaf = Convert.ToBase64String(tree.LeafHash(0)), path = Array.Empty<string>(), root, expect = "error" });
        }

        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(fixture.Server.BaseAddress, "verify", VerifyPageTab.Desktop);
        string[] wrong = await page.Tab.EvaluateFunctionAsync<string[]>(
            """
            async (cases) => {
              const wrong = [];
              for (const c of cases) {
                let got;
                try { got = String(await ReceiptCheck.verifyInclusion(c.index, c.size, c.leaf, c.path, c.root)); }
                catch (e) { got = e instanceof ReceiptCheck.CheckError ? 'error' : 'threw ' + e; }
                if (got !== c.expect) wrong.push(`index ${c.index} size ${c.size} proof of ${c.path.length}: ${got}, expected ${c.expect}`);
              }
              return wrong;
            }
            """,
            cases);

        Assert.True(cases.Count > 2_000, $"only {cases.Count} cases");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Pasted_receipts_verify_and_an_altered_entry_proof_checkpoint_or_cosignature_shows_which_check_failed()
    {
        VerifyPageScenario scenario = await VerifyPageScenario.GetAsync(fixture, Ct);
        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(fixture.Server.BaseAddress, "verify", VerifyPageTab.Desktop);
        await page.PinAsync(scenario.LogKey, scenario.WitnessKeys, 2);

        VerifyVerdict json = await PasteAsync(page, scenario.ReceiptJson);
        Assert.True(json.State == "verified", json.ToString());
        VerifyVerdict tlogProof = await PasteAsync(page, scenario.TlogProof, scenario.Entry);
        Assert.True(tlogProof.State == "verified", tlogProof.ToString());
        Assert.Equal(json.Facts["Leaf index"], tlogProof.Facts["Leaf index"]);

        string otherHash = Convert.ToBase64String(SHA256.HashData("not a node of this tree"u8));
        JsonObject entryAltered = Node(scenario.ReceiptJson);
        entryAltered["entry"]!["amount"] = "2000.00";
        JsonObject proofAltered = Node(scenario.ReceiptJson);
        Assert.NotEmpty(proofAltered["inclusionProof"]!.AsArray());
        proofAltered["inclusionProof"]![0] = otherHash;
        JsonObject checkpointAltered = Node(scenario.ReceiptJson);
        string[] checkpointLines = checkpointAltered["checkpoint"]!.GetValue<string>().Split('\n');
        checkpointLines[2] = otherHash;
        checkpointAltered["checkpoint"] = string.Join('\n', checkpointLines);
        JsonObject cosignatureAltered = Node(scenario.ReceiptJson);
        cosignatureAltered["checkpoint"] = AlterSignatureLine(cosignatureAltered["checkpoint"]!.GetValue<string>(), scenario.Witnesses[1].Cosigner.Name);
        string[] proofLines = scenario.TlogProof.Split('\n');
        proofLines[2] = otherHash;

        (string Case, string Receipt, string? Entry, string Step, string Says)[] cases =
        [
            ("entry altered", entryAltered.ToJsonString(), null, "entry", "the entry was altered"),
            ("entry altered beside a tlog-proof", scenario.TlogProof, scenario.Entry.Replace("\"20.00\"", "\"2000.00\"", StringComparison.Ordinal), "inclusion", "leads to root"),
            ("proof altered", proofAltered.ToJsonString(), null, "inclusion", "the entry, its index or the proof was altered"),
            ("tlog-proof hash altered", string.Join('\n', proofLines), scenario.Entry, "inclusion", "leads to root"),
            ("checkpoint altered", checkpointAltered.ToJsonString(), null, "log-signature", "does not verify"),
            ("cosignature altered", cosignatureAltered.ToJsonString(), null, "witnesses", $"{scenario.Witnesses[1].Cosigner.Name}+"),
        ];
        foreach ((string name, string receipt, string? entry, string step, string says) in cases)
        {
            VerifyVerdict verdict = await PasteAsync(page, receipt, entry);

            Assert.True(verdict.State == "failed", $"{name}: {verdict}");
            Assert.Equal("Not verified", verdict.Title);
            Assert.True(verdict.FailedSteps.FirstOrDefault() == step, $"{name}: {verdict}");
            Assert.Contains(says, verdict.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("Verified in your browser", verdict.Text, StringComparison.Ordinal);
        }

        VerifyVerdict cosignature = await PasteAsync(page, cosignatureAltered.ToJsonString());
        Assert.Contains("cosignature invalid", cosignature.Detail, StringComparison.Ordinal);
        Assert.Contains("1 of the 2 required", cosignature.Detail, StringComparison.Ordinal);

        // With a quorum of one the remaining genuine cosignature is enough, and the page says whose failed.
        await page.PinAsync(scenario.LogKey, scenario.WitnessKeys, 1);
        VerifyVerdict quorumOne = await PasteAsync(page, cosignatureAltered.ToJsonString());
        Assert.True(quorumOne.State == "verified", quorumOne.ToString());
        Assert.Contains($"not by {scenario.Witnesses[1].Cosigner.Name}+", quorumOne.Text, StringComparison.Ordinal);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_page_opens_a_checkpoint_note_exactly_when_the_library_does()
    {
        VerifyPageScenario scenario = await VerifyPageScenario.GetAsync(fixture, Ct);
        string note = Node(scenario.ReceiptJson)["checkpoint"]!.GetValue<string>();
        int blank = note.IndexOf("\n\n", StringComparison.Ordinal);
        string text = note[..(blank + 1)];
        string[] lines = note[(blank + 2)..].TrimEnd('\n').Split('\n');
        string logLine = lines.Single(l => l.StartsWith($"\u2014 {fixture.Verifier.Name} ", StringComparison.Ordinal));
        string[] witnessLines = [.. lines.Where(l => l != logLine)];
        string alteredLog = AlterSignatureLine(note, fixture.Verifier.Name).Split('\n').Single(l => l.StartsWith($"\u2014 {fixture.Verifier.Name} ", StringComparison.Ordinal));
        string Note(params string[] signatureLines) => text + "\n" + string.Concat(signatureLines.Select(l => l + "\n"));

        (string Case, string Note, bool Opens)[] variants =
        [
            ("as served", note, true),
            ("an unknown key's line first", Note(["\u2014 someone.example/other AAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", logLine, .. witnessLines]), true),
            ("witness lines before the log's", Note([.. witnessLines, logLine]), true),
            ("a bad repeat of the log's line after a good one", Note([logLine, alteredLog, .. witnessLines]), true),
            ("a bad log line before a good one", Note([alteredLog, logLine, .. witnessLines]), false),
            ("only the witnesses' lines", Note(witnessLines), false),
            ("a tab in the checkpoint text", text.Replace("\n", "\t\n", StringComparison.Ordinal)[..^2] + "\n\n" + string.Concat(lines.Select(l => l + "\n")), false),
            ("a line without the em dash", Note([logLine, "- " + logLine[2..]]), false),
            ("no signature line", text + "\n", false),
            ("no newline after the last line", note.TrimEnd('\n'), false),
        ];

        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(fixture.Server.BaseAddress, "verify", VerifyPageTab.Desktop);
        await page.PinAsync(scenario.LogKey, [], 0);
        foreach ((string name, string variant, bool expected) in variants)
        {
            bool opens;
            try
            {
                SignedCheckpoint.Open(Encoding.UTF8.GetBytes(variant), fixture.Verifier);
                opens = true;
            }
            catch (NoteVerificationException)
            {
                opens = false;
            }

            JsonObject receipt = Node(scenario.ReceiptJson);
            receipt["checkpoint"] = variant;
            VerifyVerdict verdict = await PasteAsync(page, receipt.ToJsonString());

            Assert.True(opens == expected, $"{name}: the library {(opens ? "opens" : "refuses")} it");
            Assert.True(verdict.State == (opens ? "verified" : "failed"), $"{name}: the library {(opens ? "opens" : "refuses")} it; the page: {verdict}");
        }

        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_wrong_pinned_log_key_or_witness_key_fails_and_no_witness_pinned_verifies_with_a_warning()
    {
        VerifyPageScenario scenario = await VerifyPageScenario.GetAsync(fixture, Ct);
        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(fixture.Server.BaseAddress, "verify", VerifyPageTab.Desktop);

        // Another key of the same name: the checkpoint is not signed by it.
        (_, string otherLogKey) = NoteSigner.Generate(fixture.Verifier.Name);
        await page.PinAsync(otherLogKey, scenario.WitnessKeys, 2);
        VerifyVerdict wrongLog = await PasteAsync(page, scenario.ReceiptJson);
        Assert.True(wrongLog.FailedSteps.FirstOrDefault() == "log-signature", wrongLog.ToString());
        Assert.Contains("no signature of your pinned log key", wrongLog.Detail, StringComparison.Ordinal);

        // A witness that never cosigned does not count, however valid its key.
        using var stranger = Witnesses.TestWitness.Create("verify-page-stranger");
        await page.PinAsync(scenario.LogKey, [stranger.VerifierKey], 1);
        VerifyVerdict wrongWitness = await PasteAsync(page, scenario.ReceiptJson);
        Assert.True(wrongWitness.FailedSteps.SequenceEqual(["witnesses"]), wrongWitness.ToString());
        Assert.Contains($"{stranger.Cosigner.Name}+", wrongWitness.Detail, StringComparison.Ordinal);
        Assert.Contains("no cosignature", wrongWitness.Detail, StringComparison.Ordinal);

        // A malformed key or a quorum above the witnesses is refused when pinning, and the previous keys stay pinned.
        (string refused, string why) = await page.PinAsync(scenario.LogKey[..^4] + "AAAA", [], 0);
        Assert.Equal("error", refused);
        Assert.Contains("Not pinned", why, StringComparison.Ordinal);
        (string tooMany, string quorumWhy) = await page.PinAsync(scenario.LogKey, scenario.WitnessKeys, 3);
        Assert.Equal("error", tooMany);
        Assert.Contains("between 1 and the number of witness keys (2)", quorumWhy, StringComparison.Ordinal);

        // Without witnesses the receipt verifies, and the page says that no cosignature was required.
        await page.PinAsync(scenario.LogKey, [], 0);
        VerifyVerdict noWitness = await PasteAsync(page, scenario.ReceiptJson);
        Assert.True(noWitness.State == "verified", noWitness.ToString());
        Assert.Contains("no witness was required", noWitness.Detail, StringComparison.Ordinal);
        Assert.Contains(noWitness.Checks, c => c.Step == "witnesses" && c.Ok == "warn");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Keys_the_server_suggests_are_not_trusted_until_the_user_pins_them()
    {
        VerifyPageScenario scenario = await VerifyPageScenario.GetAsync(fixture, Ct);
        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(
            fixture.Server.BaseAddress, $"verify?program={scenario.Program}&id={scenario.Disbursement}", VerifyPageTab.Desktop);

        VerifyVerdict unpinned = await page.VerdictAsync();
        Assert.Equal("needs-keys", unpinned.State);
        Assert.Contains("Nothing was verified", unpinned.Detail, StringComparison.Ordinal);

        await page.Tab.ClickAsync("#suggest");
        await page.Tab.WaitForFunctionAsync("() => document.getElementById('pin-status').dataset.state === 'suggested'");
        (_, string warning) = await page.PinStatusAsync();
        Assert.Contains("NOT pinned", warning, StringComparison.Ordinal);
        Assert.Equal(scenario.LogKey, await page.Tab.EvaluateExpressionAsync<string>("document.getElementById('log-key').value"));
        Assert.Contains(scenario.WitnessKeys[0], await page.Tab.EvaluateExpressionAsync<string>("document.getElementById('witness-keys').value"), StringComparison.Ordinal);
        Assert.Null(await page.Tab.EvaluateExpressionAsync<string?>("localStorage.getItem('oversight.verify.logKey')"));
        Assert.Equal("needs-keys", (await page.VerifyAsync()).State);
        Assert.Contains("never taken from this server without you", await page.Tab.EvaluateExpressionAsync<string>("document.body.innerText"), StringComparison.Ordinal);

        await page.Tab.ClickAsync("#pin");
        await page.Tab.WaitForFunctionAsync("() => document.getElementById('pin-status').dataset.state === 'pinned'");
        Assert.Equal(scenario.LogKey, await page.Tab.EvaluateExpressionAsync<string>("localStorage.getItem('oversight.verify.logKey')"));
        Assert.Empty(page.Errors);
    }

    [Theory]
    [InlineData("<img src=x onerror=\"window.__injected=1\">")]
    [InlineData("<script>window.__injected=2</script>")]
    [InlineData("\"><svg onload=window.__injected=3>")]
    [InlineData("javascript:window.__injected=4")]
    public async Task A_hostile_id_in_the_query_string_is_shown_as_text_never_as_HTML(string hostile)
    {
        VerifyPageScenario scenario = await VerifyPageScenario.GetAsync(fixture, Ct);
        string query = $"verify?program={Uri.EscapeDataString(hostile)}&id={Uri.EscapeDataString(hostile)}";
        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(fixture.Server.BaseAddress, "verify", VerifyPageTab.Desktop);
        await page.PinAsync(scenario.LogKey, [], 0);

        await page.GoToAsync(query);
        VerifyVerdict verdict = await page.VerdictAsync();

        Assert.Equal("failed", verdict.State);
        Assert.Contains($"“{hostile}” is not a program id", verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(hostile, await page.Tab.EvaluateExpressionAsync<string>("document.getElementById('id').value"));
        Assert.Null(await page.Tab.EvaluateExpressionAsync<int?>("window.__injected"));
        Assert.Equal(0, await page.Tab.EvaluateExpressionAsync<int>("document.querySelectorAll('img, svg, iframe, main script').length"));
        Assert.Equal(2, await page.Tab.EvaluateExpressionAsync<int>("document.scripts.length"));

        // The same in a pasted receipt URL, and a receipt URL of another site is not fetched.
        await page.FillAsync("receipt", $"/api/programs/{scenario.Program}/disbursements/{Uri.EscapeDataString(hostile)}");
        VerifyVerdict pasted = await page.VerifyAsync();
        Assert.Contains($"“{hostile}” is not a disbursement id", pasted.Detail, StringComparison.Ordinal);
        await page.FillAsync("receipt", $"https://ledger.example.org/api/programs/{scenario.Program}/disbursements/{scenario.Disbursement}");
        VerifyVerdict foreign = await page.VerifyAsync();
        Assert.Contains("fetches receipts only from", foreign.Detail, StringComparison.Ordinal);
        Assert.Null(await page.Tab.EvaluateExpressionAsync<int?>("window.__injected"));
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task An_unknown_disbursement_is_reported_as_not_found()
    {
        VerifyPageScenario scenario = await VerifyPageScenario.GetAsync(fixture, Ct);
        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(fixture.Server.BaseAddress, "verify", VerifyPageTab.Phone);
        await page.PinAsync(scenario.LogKey, [], 0);
        await page.FillAsync("program", scenario.Program);
        await page.FillAsync("id", "no-such-disbursement");

        VerifyVerdict verdict = await page.VerifyAsync();

        Assert.Equal("failed", verdict.State);
        Assert.Contains("this server has no receipt for disbursement “no-such-disbursement”", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_without_Ed25519_in_WebCrypto_says_it_cannot_verify_and_never_says_verified()
    {
        VerifyPageScenario scenario = await VerifyPageScenario.GetAsync(fixture, Ct);
        const string withoutEd25519 = """
            const importKey = crypto.subtle.importKey.bind(crypto.subtle);
            crypto.subtle.importKey = (format, key, algorithm, ...rest) =>
              (algorithm && (algorithm === 'Ed25519' || algorithm.name === 'Ed25519'))
                ? Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError'))
                : importKey(format, key, algorithm, ...rest);
            """;
        await using VerifyPageTab page = await VerifyPageTab.OpenAsync(fixture.Server.BaseAddress, "verify", VerifyPageTab.Desktop, withoutEd25519);
        await page.FillAsync("receipt", scenario.ReceiptJson);

        VerifyVerdict verdict = await page.VerifyAsync();

        Assert.Equal("unsupported", verdict.State);
        Assert.Contains("does not support Ed25519", verdict.Detail, StringComparison.Ordinal);
        Assert.Contains("cannot verify receipts", await page.Tab.EvaluateExpressionAsync<string>("document.getElementById('support').textContent"), StringComparison.Ordinal);
    }

    private static async Task<VerifyVerdict> PasteAsync(VerifyPageTab page, string receipt, string? entry = null)
    {
        await page.FillAsync("program", string.Empty);
        await page.FillAsync("id", string.Empty);
        await page.FillAsync("receipt", receipt);
        await page.FillAsync("entry", entry ?? string.Empty);
        return await page.VerifyAsync();
    }

    private static JsonObject Node(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>The note with one byte of <paramref name="keyName"/>'s signature changed (the key hash and timestamp kept).</summary>
    private static string AlterSignatureLine(string note, string keyName)
    {
        string prefix = $"\u2014 {keyName} ";
        string[] lines = note.Split('\n');
        int index = Array.FindIndex(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(index > 0, $"the checkpoint has no line of {keyName}:\n{note}");
        byte[] raw = Convert.FromBase64String(lines[index][prefix.Length..]);
        raw[4 + 8 + 10] ^= 0x01;
        lines[index] = prefix + Convert.ToBase64String(raw);
        return string.Join('\n', lines);
    }
}
