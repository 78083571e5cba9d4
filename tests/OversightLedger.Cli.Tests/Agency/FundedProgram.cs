namespace OversightLedger.Cli.Tests.Agency;

/// <summary>A program of the test agency, eligible on its own budget with released funds, and its enrolled beneficiaries' references.</summary>
internal sealed record FundedProgram(string Program, string Budget, string Currency, string CapPerMonth, string[] Beneficiaries);
