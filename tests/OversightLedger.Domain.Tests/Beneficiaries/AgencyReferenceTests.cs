using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Tests.Beneficiaries;

public class AgencyReferenceTests
{
    [Theory]
    [InlineData("  TRF-0042 ", "TRF-0042")]
    [InlineData("caf\u0065\u0301", "caf\u00e9")]
    [InlineData("\u00a0HH-1\u3000", "HH-1")]
    [InlineData("H\u200cH", "H\u200cH")] // a zero-width non-joiner is part of Persian writing, not a control
    public void Is_trimmed_and_composed(string reference, string expected) =>
        Assert.Equal(expected, AgencyReference.Normalize(reference, "reference"));

    [Theory]
    [InlineData("")]
    [InlineData(" \t ")]
    [InlineData("HH\u0007-1")]
    [InlineData("HH-1\nHH-2")]
    [InlineData("HH\u0085-1")]
    [InlineData("HH\u2028-1")]
    public void Refuses_empty_control_characters_and_lone_surrogates(string reference)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => AgencyReference.Normalize(reference, "beneficiary"));
        Assert.Equal("beneficiary", refused.ParamName);
    }

    [Fact]
    public void Refuses_a_lone_surrogate()
    {
        // Not in InlineData: the test framework's serialisation of theory data would replace the lone surrogate.
        Assert.Throws<ArgumentException>(() => AgencyReference.Normalize("HH-\ud800", "beneficiary"));
        Assert.Throws<ArgumentException>(() => AgencyReference.Normalize("\udc00HH", "beneficiary"));
    }

    [Fact]
    public void Allows_128_characters_once_normalised_and_no_more()
    {
        Assert.Equal(128, AgencyReference.Normalize(new string('R', 128), "reference").Length);
        // 129 decomposed "é" are 258 code units, 129 once composed: still one too many.
        Assert.Throws<ArgumentException>(() => AgencyReference.Normalize(new string('R', 129), "reference"));
        Assert.Throws<ArgumentException>(() => AgencyReference.Normalize(string.Concat(Enumerable.Repeat("e\u0301", 129)), "reference"));
        Assert.Equal(128, AgencyReference.Normalize(string.Concat(Enumerable.Repeat("e\u0301", 128)), "reference").Length);
        Assert.Throws<ArgumentException>(() => AgencyReference.Normalize(new string('R', 5000), "reference"));
    }

    [Fact]
    public void Gives_one_pseudonym_to_the_forms_of_one_reference_and_refuses_a_control_character()
    {
        ProgramSecret secret = ProgramSecret.Generate();
        Assert.Equal(BeneficiaryPseudonym.Derive(secret, "caf\u00e9"), BeneficiaryPseudonym.Derive(secret, " cafe\u0301 "));
        Assert.Throws<ArgumentException>(() => BeneficiaryPseudonym.Derive(secret, "cafe\u0000"));
        Assert.Throws<ArgumentException>(() => BeneficiaryPseudonym.Derive(secret, new string('R', 5000)));
    }
}
