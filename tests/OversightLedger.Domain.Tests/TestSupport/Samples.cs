using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Tests.TestSupport;

using OversightLedger.Domain.Money;

/// <summary>Fixed values shared by the tests.</summary>
internal static class Samples
{
    public static readonly Currency EurCurrency = Currency.Parse("EUR");

    public static readonly Currency UsdCurrency = Currency.Parse("USD");

    /// <summary>2026-11-25T12:00:00Z.</summary>
    public static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly BeneficiaryPseudonym Alice = BeneficiaryPseudonym.Parse("ps_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWXc");

    public static readonly BeneficiaryPseudonym Bob = BeneficiaryPseudonym.Parse("ps_SKHbTrF-Tmd_mYMK2bVr4cLzaBKER-9f0iucFw7i3MI");

    public static readonly BeneficiaryPseudonym Carol = BeneficiaryPseudonym.Derive(new byte[32], "carol");

    /// <summary>The pseudonym of the counterparty name "Acme Trading Ltd" under an all-zero secret.</summary>
    public static readonly OversightLedger.Domain.Counterparties.CounterpartyPseudonym AcmePseudonym = OversightLedger.Domain.Counterparties.CounterpartyPseudonym.Derive(ProgramSecret.FromBytes(new byte[32]), "Acme Trading Ltd");

    /// <summary>One OFAC-SDN list version.</summary>
    public static readonly OversightLedger.Domain.Entries.NameSet Lists = new(["OFAC-SDN:" + Evidence]);

    public const string Evidence = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static Money Eur(string amount) => Money.Parse(amount, EurCurrency);
}
