using System.Net;
using System.Text.Json;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// A budget with one released tranche, and a program listed as eligible on it with enrolled beneficiaries, set up
/// through the HTTP API by a donor, a watchdog and an agency (see <see cref="CreateAsync"/>).
/// </summary>
/// <param name="Budget">The budget's id (USD).</param>
/// <param name="Tranche">The released tranche.</param>
/// <param name="Program">The program's id (USD).</param>
/// <param name="Beneficiaries">The agency's references of the enrolled beneficiaries.</param>
public sealed record FundedProgram(string Budget, string Tranche, string Program, IReadOnlyList<string> Beneficiaries)
{
    /// <summary>
    /// Opens a USD budget (donor), receives and releases <paramref name="released"/> in one tranche whose benchmark
    /// the watchdog verified, opens a program with <paramref name="capPerPeriod"/> a month (agency), lists it on
    /// the budget and enrols <paramref name="beneficiaries"/> beneficiaries; the budget pays into <paramref name="country"/>.
    /// </summary>
    public static async Task<FundedProgram> CreateAsync(
        HttpClient donor, HttpClient watchdog, HttpClient agency, int beneficiaries, string released, string capPerPeriod, CancellationToken cancellationToken, string country = "SD")
    {
        string budget = LedgerHttp.UniqueId("budget");
        string program = LedgerHttp.UniqueId("program");
        const string tranche = "t1";
        const string benchmark = "bm1";

        await donor.PostJsonAsync("api/budgets", new { id = budget, donor = "Test Donor", purpose = "72010", country, currency = "USD", pledged = released }, cancellationToken)
            .ExpectCreatedAsync(cancellationToken);
        await donor.PostJsonAsync($"api/budgets/{budget}/funds", new { amount = released, reference = "wire-1" }, cancellationToken).ExpectCreatedAsync(cancellationToken);
        await donor.PostJsonAsync($"api/budgets/{budget}/tranches", new { tranche, amount = released, humanitarian = false, benchmarks = new[] { benchmark } }, cancellationToken)
            .ExpectCreatedAsync(cancellationToken);
        await watchdog.PostJsonAsync(
            $"api/budgets/{budget}/tranches/{tranche}/benchmarks/{benchmark}/verifications",
            new { evidenceSha256 = LedgerHttp.EvidenceHash($"evidence for {budget}"), verifiedOn = "2025-01-15" },
            cancellationToken).ExpectCreatedAsync(cancellationToken);
        await donor.PostJsonAsync($"api/budgets/{budget}/tranches/{tranche}/release", new { amount = released }, cancellationToken).ExpectCreatedAsync(cancellationToken);
        await agency.PostJsonAsync("api/programs", new { id = program, currency = "USD", capPerPeriod, period = "month" }, cancellationToken).ExpectCreatedAsync(cancellationToken);
        await donor.PostJsonAsync($"api/budgets/{budget}/programs", new { program }, cancellationToken).ExpectCreatedAsync(cancellationToken);

        string[] references = [.. Enumerable.Range(1, beneficiaries).Select(i => $"{program}-BEN-{i:D5}")];
        await EnrollAsync(agency, program, references, cancellationToken);
        return new FundedProgram(budget, tranche, program, references);
    }

    /// <summary>Enrols beneficiaries by reference, 16 requests at a time; returns their pseudonyms in the same order.</summary>
    public static async Task<string[]> EnrollAsync(HttpClient agency, string program, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        var pseudonyms = new string[references.Count];
        await Parallel.ForAsync(0, references.Count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            JsonElement enrolled = await (await agency.PostJsonAsync($"api/programs/{program}/beneficiaries", new { reference = references[i] }, ct))
                .ExpectJsonAsync(HttpStatusCode.Created, ct);
            pseudonyms[i] = enrolled.Text("pseudonym");
        });
        return pseudonyms;
    }
}
