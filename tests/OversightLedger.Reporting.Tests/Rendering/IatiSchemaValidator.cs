using System.Xml;
using System.Xml.Schema;
using OversightLedger.Reporting.Rendering;

namespace OversightLedger.Reporting.Tests.Rendering;

/// <summary>
/// Validates IATI activity files with .NET's <see cref="XmlSchemaSet"/> against the kit's 2.03 schema (which pulls in
/// <c>iati-common.xsd</c> and <c>xml.xsd</c> from beside it), optionally with the OversightLedger extension schema so
/// that the extension elements are validated too. Errors and warnings are both reported.
/// </summary>
internal static class IatiSchemaValidator
{
    private static readonly Lazy<XmlSchemaSet> IatiOnly = new(() => Compile(withExtension: false));
    private static readonly Lazy<XmlSchemaSet> WithExtension = new(() => Compile(withExtension: true));

    /// <summary>Every error and warning validating <paramref name="xml"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(byte[] xml, bool withExtension = true)
    {
        using var stream = new MemoryStream(xml);
        return Validate(stream, withExtension);
    }

    /// <summary>Every error and warning validating the file at <paramref name="path"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> ValidateFile(string path, bool withExtension = true)
    {
        using FileStream stream = File.OpenRead(path);
        return Validate(stream, withExtension);
    }

    private static List<string> Validate(Stream stream, bool withExtension)
    {
        List<string> problems = [];
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = withExtension ? WithExtension.Value : IatiOnly.Value,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationEventHandler += (_, e) =>
            problems.Add($"{e.Severity} at line {e.Exception.LineNumber}, column {e.Exception.LinePosition}: {e.Message}");
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            problems.Add($"not well-formed: {e.Message}");
        }

        return problems;
    }

    private static XmlSchemaSet Compile(bool withExtension)
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        List<string> problems = [];
        set.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity}: {e.Message}");
        set.Add(null, SharedIatiKit.ActivitySchema);
        if (withExtension)
        {
            using var reader = XmlReader.Create(new StringReader(IatiLedgerExtension.Schema));
            set.Add(IatiLedgerExtension.Namespace, reader);
        }

        set.Compile();
        return problems.Count == 0
            ? set
            : throw new InvalidOperationException("the IATI schema does not compile: " + string.Join("; ", problems));
    }
}
