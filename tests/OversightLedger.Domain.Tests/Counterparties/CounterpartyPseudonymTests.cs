using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Counterparties;

public class CounterpartyPseudonymTests
{
    private static readonly ProgramSecret Secret = ProgramSecret.FromBytes(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Theory]
    [InlineData("Banco Nacional de Cuba", "BANCO  NACIONAL de cuba")]
    [InlineData("  Café Ltd ", "CAFÉ LTD")]
    [InlineData("Cafe\u0301 Ltd", "Café Ltd")]
    public void NamesThatNormaliseAlikeGiveOnePseudonym(string one, string other) =>
        Assert.Equal(CounterpartyPseudonym.Derive(Secret, one), CounterpartyPseudonym.Derive(Secret, other));

    [Fact]
    public void ThePseudonymNeverHoldsTheNameAndDependsOnTheSecret()
    {
        const string Name = "AEROCARIBBEAN AIRLINES";
        CounterpartyPseudonym pseudonym = CounterpartyPseudonym.Derive(Secret, Name);
        CounterpartyPseudonym underAnotherSecret = CounterpartyPseudonym.Derive(ProgramSecret.FromBytes(new byte[32]), Name);

        Assert.StartsWith("cp_", pseudonym.Value, StringComparison.Ordinal);
        Assert.Equal(CounterpartyPseudonym.Length, pseudonym.Value.Length);
        Assert.DoesNotContain("AEROCARIBBEAN", pseudonym.Value, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(pseudonym, underAnotherSecret);
        Assert.Equal(pseudonym, CounterpartyPseudonym.Parse(pseudonym.Value));

        // The entry written to the log holds the pseudonym and not the name in any case.
        string entry = Encoding.UTF8.GetString(new CounterpartyRegistered(
            EntryIds.CounterpartyRegistered("cpty-9"), Samples.Noon, "cpty-9", "agency-1", CounterpartyKind.Vendor, pseudonym).ToCanonicalJson());
        Assert.Contains(pseudonym.Value, entry, StringComparison.Ordinal);
        Assert.DoesNotContain("AEROCARIBBEAN", entry, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AIRLINES", entry, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ACounterpartyPseudonymIsNotTheBeneficiaryPseudonymOfTheSameText()
    {
        string counterparty = CounterpartyPseudonym.Derive(Secret, "R-1").Value;
        string beneficiary = BeneficiaryPseudonym.Derive(Secret, "R-1").Value;

        Assert.NotEqual(counterparty[3..], beneficiary[3..]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public void RefusesNamesThatAreNotNames(string name) =>
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => CounterpartyPseudonym.Derive(Secret, name)).ParamName);

    [Fact]
    public void RefusesALoneSurrogate() =>
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => CounterpartyPseudonym.Derive(Secret, "lone " + (char)0xD800)).ParamName);

    [Fact]
    public void RefusesAHugeName()
    {
        Assert.ThrowsAny<ArgumentException>(() => CounterpartyPseudonym.Derive(Secret, new string('A', CounterpartyName.MaxLength + 1)));
        Assert.ThrowsAny<ArgumentException>(() => CounterpartyPseudonym.Derive(Secret, new string('A', 10_000_000)));
        Assert.NotNull(CounterpartyPseudonym.Derive(Secret, new string('A', CounterpartyName.MaxLength)));
    }

    [Theory]
    [InlineData("ps_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWXc")]
    [InlineData("cp_BsrkCeVxPkOtl46_HXs8yohhJ2BdjT3nbWZVU1cIWXd")]
    [InlineData("cp_short")]
    [InlineData("ACME LTD")]
    public void ParseRefusesWhatIsNotACounterpartyPseudonym(string text) =>
        Assert.False(CounterpartyPseudonym.TryParse(text, out _));
}
