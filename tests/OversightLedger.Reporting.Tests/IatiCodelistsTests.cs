using OversightLedger.Reporting.Rendering;
using OversightLedger.Reporting.Tests.Rendering;

namespace OversightLedger.Reporting.Tests;

/// <summary>The codelist loader, read over the kit's 19 published IATI codelist files.</summary>
public sealed class IatiCodelistsTests
{
    private static readonly IatiCodelists Lists = IatiCodelists.Load(SharedIatiKit.Codelists);

    [Fact]
    public void It_loads_every_codelist_file_and_ignores_the_mapping()
    {
        Assert.Equal(19, Lists.Names.Count);
        Assert.Contains("TransactionType", Lists.Names);
        Assert.Contains("Sector", Lists.Names);
        Assert.False(Lists.HasList("mappings"));
        Assert.Equal([.. Enumerable.Range(1, 13).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)], Lists.ActiveCodes("TransactionType"));
    }

    [Fact]
    public void Active_withdrawn_and_unknown_codes_are_told_apart()
    {
        Assert.True(Lists.Contains("Sector", "72010"));
        Assert.True(Lists.IsWithdrawn("Sector", "11321"));
        Assert.False(Lists.Contains("Sector", "11321"));
        Assert.False(Lists.Contains("Sector", "99999"));
        Assert.False(Lists.IsWithdrawn("Sector", "99999"));
        Assert.True(Lists.Contains("Country", "SY"));
        Assert.False(Lists.Contains("Country", "sy"));
        Assert.True(Lists.Contains("Currency", "EUR"));
        Assert.True(Lists.Contains("OrganisationRole", "4"));
    }

    [Fact]
    public void Require_returns_a_good_code_and_names_the_list_and_use_of_a_bad_one()
    {
        Assert.Equal("3", Lists.Require("TransactionType", "3", "transaction type"));

        InvalidOperationException unknown = Assert.Throws<InvalidOperationException>(() => Lists.Require("ActivityStatus", "9", "activity status"));
        Assert.Equal("'9' (activity status) is not in the IATI codelist ActivityStatus", unknown.Message);
        InvalidOperationException withdrawn = Assert.Throws<InvalidOperationException>(() => Lists.Require("Sector", "11321", "the purpose of budget b"));
        Assert.Contains("is withdrawn from the IATI codelist Sector", withdrawn.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => Lists.Contains("NoSuchList", "1"));
    }

    [Fact]
    public void A_missing_folder_is_refused()
    {
        Assert.Throws<DirectoryNotFoundException>(() => IatiCodelists.Load(Path.Combine(SharedIatiKit.Folder, "no-such-folder")));
    }
}
