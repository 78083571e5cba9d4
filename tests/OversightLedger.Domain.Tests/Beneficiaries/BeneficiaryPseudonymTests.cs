using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Tests.Beneficiaries;

public class BeneficiaryPseudonymTests
{
    private static readonly byte[] SecretBytes = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Theory]
    // Expected values computed independently: Python hmac/hashlib, unicodedata.normalize('NFC', ...), urlsafe base64.
    [InlineData("AGY-000123", "ps_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWXc")]
    [InlineData("  AGY-000123\t\n", "ps_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWXc")]
    [InlineData("Jos\u00e9 N\u00fa\u00f1ez 1984-03-02", "ps_SKHbTrF-Tmd_mYMK2bVr4cLzaBKER-9f0iucFw7i3MI")]
    [InlineData("Jose\u0301 Nu\u0301n\u0303ez 1984-03-02", "ps_SKHbTrF-Tmd_mYMK2bVr4cLzaBKER-9f0iucFw7i3MI")]
    public void IsTheHmacOfTheTrimmedNfcReference(string reference, string expected)
    {
        ProgramSecret secret = ProgramSecret.FromBytes(SecretBytes);

        Assert.Equal(expected, BeneficiaryPseudonym.Derive(secret, reference).Value);
        Assert.Equal(expected, BeneficiaryPseudonym.Derive(SecretBytes, reference).Value);
    }

    [Fact]
    public void IsDeterministicPerSecretAndDiffersAcrossSecrets()
    {
        ProgramSecret first = ProgramSecret.Generate(), second = ProgramSecret.Generate();

        BeneficiaryPseudonym a = BeneficiaryPseudonym.Derive(first, "AGY-000123");

        Assert.Equal(a, BeneficiaryPseudonym.Derive(first, "AGY-000123"));
        Assert.Equal(a, BeneficiaryPseudonym.Derive(ProgramSecret.FromBytes(first.ToArray()), "AGY-000123"));
        Assert.NotEqual(a, BeneficiaryPseudonym.Derive(second, "AGY-000123"));
        Assert.NotEqual(a, BeneficiaryPseudonym.Derive(first, "AGY-000124"));
        Assert.Equal(BeneficiaryPseudonym.Length, a.Value.Length);
        Assert.StartsWith("ps_", a.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("AGY", a.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesEmptyReferencesAndWrongSecrets()
    {
        Assert.Throws<ArgumentException>(() => BeneficiaryPseudonym.Derive(ProgramSecret.Generate(), "   "));
        Assert.Throws<ArgumentException>(() => BeneficiaryPseudonym.Derive(new byte[31], "AGY-1"));
        Assert.Throws<ArgumentException>(() => ProgramSecret.FromBytes(new byte[33]));
        Assert.DoesNotContain(Convert.ToHexString(SecretBytes), ProgramSecret.FromBytes(SecretBytes).ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ps_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWXc", true)]
    [InlineData("ps_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWXd", false)]
    [InlineData("ps_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWX", false)]
    [InlineData("ps_BsrkCeVxPkOtl46/HXs8yohhJ2BdjT3nbWZVU1cIWXc", false)]
    [InlineData("PS_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWXc", false)]
    [InlineData("AGY-000123", false)]
    public void ParsesOnlyCanonicalPseudonyms(string text, bool valid)
    {
        Assert.Equal(valid, BeneficiaryPseudonym.TryParse(text, out BeneficiaryPseudonym? pseudonym));
        if (valid)
        {
            Assert.Equal(text, pseudonym!.Value);
        }
    }
}
