using System.Collections.Frozen;
using System.Xml;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// The ISO 3166-1 alpha-2 codes a budget may name as its recipient country: the IATI Country codelist
/// (<c>Codelists/Country.xml</c>, embedded; source in <c>Codelists/README.md</c>) without its withdrawn items.
/// </summary>
internal static class CountryCodes
{
    private const string Resource = "OversightLedger.Domain.Entries.Codelists.Country.xml";

    private static readonly Lazy<FrozenSet<string>> Codes = new(Load);

    /// <summary>Whether <paramref name="code"/> is a current code of the list (exact, upper case).</summary>
    public static bool Contains(string code) => Codes.Value.Contains(code);

    private static FrozenSet<string> Load()
    {
        using Stream stream = typeof(CountryCodes).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing from the build.");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true });
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadToFollowing("codelist-item"))
        {
            bool withdrawn = reader.GetAttribute("status") == "withdrawn";
            using XmlReader item = reader.ReadSubtree();
            if (item.ReadToFollowing("code") && !withdrawn)
            {
                codes.Add(item.ReadElementContentAsString().Trim());
            }
        }

        return codes.ToFrozenSet(StringComparer.Ordinal);
    }
}
