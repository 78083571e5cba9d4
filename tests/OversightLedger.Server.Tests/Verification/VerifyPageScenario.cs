using System.Net.Http.Headers;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Server.Tests.Witnesses;

namespace OversightLedger.Server.Tests.Verification;

/// <summary>
/// One disbursement on the shared server, two witnesses registered by a watchdog that cosigned the checkpoint, and the
/// disbursement's receipt as the server hands it out (JSON, tlog-proof and entry), fetched after both cosigned.
/// </summary>
internal sealed record VerifyPageScenario(
    string Program, string Disbursement, string LogKey, IReadOnlyList<TestWitness> Witnesses, string ReceiptJson, string TlogProof, string Entry)
{
    /// <summary>The witnesses' verifier keys.</summary>
    public IReadOnlyList<string> WitnessKeys => [.. Witnesses.Select(w => w.VerifierKey)];

    /// <summary>The scenario of <paramref name="fixture"/>, made once.</summary>
    public static Task<VerifyPageScenario> GetAsync(LedgerServerFixture fixture, CancellationToken cancellationToken) =>
        fixture.SharedAsync(nameof(VerifyPageScenario), () => CreateAsync(fixture, cancellationToken));

    /// <summary>Both witnesses cosign the log's latest checkpoint and hand their cosignatures in, one after the other.</summary>
    public async Task CosignLatestAsync(LedgerServerFixture fixture, CancellationToken cancellationToken)
    {
        foreach (TestWitness witness in Witnesses)
        {
            byte[] checkpoint = await fixture.Public.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), cancellationToken);
            var content = new ByteArrayContent(witness.Cosign(checkpoint, fixture.Verifier));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            using HttpResponseMessage response = await fixture.Public.PostAsync(new Uri("log/cosignature", UriKind.Relative), content, cancellationToken);
            await response.ExpectJsonAsync(System.Net.HttpStatusCode.OK, cancellationToken);
        }
    }

    private static async Task<VerifyPageScenario> CreateAsync(LedgerServerFixture fixture, CancellationToken cancellationToken)
    {
        (_, HttpClient watchdog, HttpClient agency, FundedProgram funded) = await fixture.FundedProgramAsync(1, "100.00", "50.00", cancellationToken);
        string disbursement = LedgerHttp.UniqueId("d");
        await agency.PostJsonAsync(
            $"api/programs/{funded.Program}/disbursements",
            new { id = disbursement, budget = funded.Budget, beneficiary = funded.Beneficiaries[0], amount = "20.00" },
            cancellationToken).ExpectCreatedAsync(cancellationToken);

        TestWitness[] witnesses = [TestWitness.Create("verify-page-a"), TestWitness.Create("verify-page-b")];
        foreach (TestWitness witness in witnesses)
        {
            await watchdog.PostJsonAsync("api/witnesses", new { name = witness.Name, verifierKey = witness.VerifierKey }, cancellationToken)
                .ExpectCreatedAsync(cancellationToken);
        }

        var scenario = new VerifyPageScenario(funded.Program, disbursement, fixture.Verifier.ToString(), witnesses, string.Empty, string.Empty, string.Empty);
        await scenario.CosignLatestAsync(fixture, cancellationToken);
        string receipt = $"api/programs/{funded.Program}/disbursements/{disbursement}";
        return scenario with
        {
            ReceiptJson = await fixture.Public.GetStringAsync(new Uri(receipt, UriKind.Relative), cancellationToken),
            TlogProof = await fixture.Public.GetStringAsync(new Uri(receipt + "/receipt.tlog-proof", UriKind.Relative), cancellationToken),
            Entry = await fixture.Public.GetStringAsync(new Uri(receipt + "/entry", UriKind.Relative), cancellationToken),
        };
    }
}
