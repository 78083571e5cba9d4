using System.Collections.Frozen;
using System.Xml;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// IATI codelists read from their published XML files (the format of IATI-Codelists' <c>codelist.xsd</c>:
/// <c>&lt;codelist name="…"&gt;&lt;codelist-items&gt;&lt;codelist-item status="…"&gt;&lt;code&gt;…</c>), so that every code
/// an IATI file uses can be checked against the list it belongs to.
/// </summary>
/// <remarks>
/// The IATI 2.03 schema types every code attribute as a plain string: it does not check codes. IATI checks them in its
/// validator against these lists; this class does the same check locally. Withdrawn items (<c>status="withdrawn"</c>)
/// are known but not <see cref="Contains">usable</see>: a new file must not use them.
/// </remarks>
public sealed class IatiCodelists
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, bool>> _lists;

    private IatiCodelists(FrozenDictionary<string, FrozenDictionary<string, bool>> lists) => _lists = lists;

    /// <summary>The names of the lists loaded (e.g. <c>TransactionType</c>, <c>Sector</c>), ordered ordinally.</summary>
    public IReadOnlyList<string> Names => [.. _lists.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Reads every codelist file (<c>*.xml</c> whose root element is <c>codelist</c>) in <paramref name="directory"/>;
    /// other XML files there (such as <c>mapping.xml</c>) are ignored.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FormatException">A codelist file is malformed, or two files hold the same list.</exception>
    public static IatiCodelists Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"IATI codelist folder '{directory}' does not exist");
        }

        Dictionary<string, FrozenDictionary<string, bool>> lists = new(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(directory, "*.xml").Order(StringComparer.Ordinal))
        {
            (string Name, FrozenDictionary<string, bool> Codes)? list = ReadList(path);
            if (list is { } read && !lists.TryAdd(read.Name, read.Codes))
            {
                throw new FormatException($"codelist '{read.Name}' is defined twice (again in '{path}')");
            }
        }

        return new IatiCodelists(lists.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Whether the list <paramref name="codelist"/> was loaded.</summary>
    public bool HasList(string codelist) => _lists.ContainsKey(codelist);

    /// <summary>Whether <paramref name="code"/> is an active (not withdrawn) code of <paramref name="codelist"/>.</summary>
    /// <exception cref="KeyNotFoundException">The list was not loaded.</exception>
    public bool Contains(string codelist, string code) => List(codelist).TryGetValue(code, out bool active) && active;

    /// <summary>Whether <paramref name="code"/> is in <paramref name="codelist"/> but withdrawn.</summary>
    /// <exception cref="KeyNotFoundException">The list was not loaded.</exception>
    public bool IsWithdrawn(string codelist, string code) => List(codelist).TryGetValue(code, out bool active) && !active;

    /// <summary>The active codes of <paramref name="codelist"/>, ordered ordinally.</summary>
    /// <exception cref="KeyNotFoundException">The list was not loaded.</exception>
    public IReadOnlyList<string> ActiveCodes(string codelist) =>
        [.. List(codelist).Where(item => item.Value).Select(item => item.Key).Order(StringComparer.Ordinal)];

    /// <summary>Returns <paramref name="code"/> when it is an active code of <paramref name="codelist"/>, else throws.</summary>
    /// <param name="codelist">The list, e.g. <c>Sector</c>.</param>
    /// <param name="code">The code.</param>
    /// <param name="usedFor">What the code is used for, for the message (e.g. <c>the sector of budget b-1</c>).</param>
    /// <exception cref="InvalidOperationException">The code is not an active code of the list.</exception>
    /// <exception cref="KeyNotFoundException">The list was not loaded.</exception>
    public string Require(string codelist, string code, string usedFor)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Contains(codelist, code))
        {
            return code;
        }

        string why = IsWithdrawn(codelist, code) ? "is withdrawn from" : "is not in";
        throw new InvalidOperationException($"'{code}' ({usedFor}) {why} the IATI codelist {codelist}");
    }

    private FrozenDictionary<string, bool> List(string codelist) =>
        _lists.TryGetValue(codelist, out FrozenDictionary<string, bool>? list)
            ? list
            : throw new KeyNotFoundException($"the IATI codelist '{codelist}' was not loaded");

    private static (string Name, FrozenDictionary<string, bool> Codes)? ReadList(string path)
    {
        XmlDocument document = new() { XmlResolver = null };
        try
        {
            using XmlReader reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FormatException($"'{path}' is not well-formed XML: {e.Message}", e);
        }

        XmlElement? root = document.DocumentElement;
        if (root is null || root.LocalName != "codelist" || root.NamespaceURI.Length != 0)
        {
            return null;
        }

        string name = root.GetAttribute("name");
        if (name.Length == 0)
        {
            throw new FormatException($"codelist file '{path}' has no name attribute");
        }

        Dictionary<string, bool> codes = new(StringComparer.Ordinal);
        foreach (XmlElement item in root.SelectNodes("codelist-items/codelist-item")!.OfType<XmlElement>())
        {
            string? code = item.SelectSingleNode("code")?.InnerText.Trim();
            if (string.IsNullOrEmpty(code))
            {
                throw new FormatException($"codelist '{name}' in '{path}' has an item without a code");
            }

            bool active = item.GetAttribute("status") != "withdrawn";
            if (!codes.TryAdd(code, active))
            {
                throw new FormatException($"codelist '{name}' in '{path}' lists code '{code}' twice");
            }
        }

        return (name, codes.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
