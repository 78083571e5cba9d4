namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>What the server tests set up on the shared <see cref="LedgerServerFixture"/>.</summary>
public static class LedgerServerFixtureExtensions
{
    /// <summary>A donor, a watchdog and an agency with fresh principals, and a funded program they set up.</summary>
    public static async Task<(HttpClient Donor, HttpClient Watchdog, HttpClient Agency, FundedProgram Program)> FundedProgramAsync(
        this LedgerServerFixture fixture, int beneficiaries, string released, string capPerPeriod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), cancellationToken);
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), cancellationToken);
        HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), cancellationToken);
        FundedProgram program = await FundedProgram.CreateAsync(donor, watchdog, agency, beneficiaries, released, capPerPeriod, cancellationToken);
        return (donor, watchdog, agency, program);
    }
}
