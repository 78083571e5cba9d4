using OversightLedger.Cli.Tests.Agency;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Screening;

/// <summary>The agency tests' server, with the OFAC SDN sample (17 entries) as its sanctions list.</summary>
public sealed class SanctionedLedgerFixture : AgencyLedgerFixture
{
    protected override ServerProcessOptions ServerOptions =>
        base.ServerOptions with { Arguments = ["--Sanctions:Lists:0:Path", SharedData.SanctionsPath("ofac-sdn-csv-sample")] };
}
