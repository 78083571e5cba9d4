namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// The OversightLedger extension of IATI activity files: elements in their own namespace that cite the log entries
/// behind each figure. IATI 2.03 admits foreign elements where its schema has <c>xsd:any namespace="##other"</c>
/// (validated <c>lax</c>): at the end of a <c>transaction</c> (after <c>tied-status</c>) and at the end of
/// <c>iati-activities</c> (after the last <c>iati-activity</c>); that is where the writer puts them.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>&lt;ol:leaf index="12" hash="…"/&gt;</c> — a transaction that stands for one log entry: its leaf index and its
/// RFC 6962 leaf hash, SHA-256(0x00 ‖ entry), as 64 lower-case hex digits.</item>
/// <item><c>&lt;ol:leaf-range count="57"&gt;&lt;ol:leaf …/&gt;&lt;ol:leaf …/&gt;&lt;/ol:leaf-range&gt;</c> — an aggregate
/// of <c>count</c> entries (disbursements or reversals of one budget, program and month): its first and its last
/// entry; every entry it adds up lies between them.</item>
/// <item><c>&lt;ol:checkpoint quarter="2026-Q4" origin="…" size="…" root="…"&gt;signed note&lt;/ol:checkpoint&gt;</c> — once,
/// at the end of the file: the signed checkpoint every figure was computed at, with its cosignatures.</item>
/// </list>
/// </remarks>
public static class IatiLedgerExtension
{
    /// <summary>The extension's XML namespace.</summary>
    public const string Namespace = "https://oversightledger.org/ns/iati-extension/1";

    /// <summary>The prefix the writer binds to <see cref="Namespace"/>.</summary>
    public const string Prefix = "ol";

    /// <summary>
    /// An XML Schema of the extension. A validator given it beside the IATI schema validates the extension elements
    /// too (the IATI wildcard is <c>lax</c>: elements of a namespace with a known schema are validated).
    /// </summary>
    public const string Schema = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
                    xmlns:ol="https://oversightledger.org/ns/iati-extension/1"
                    targetNamespace="https://oversightledger.org/ns/iati-extension/1"
                    elementFormDefault="qualified">
          <xsd:simpleType name="sha256Hex">
            <xsd:restriction base="xsd:string">
              <xsd:pattern value="[0-9a-f]{64}"/>
            </xsd:restriction>
          </xsd:simpleType>
          <xsd:complexType name="leafType">
            <xsd:attribute name="index" type="xsd:unsignedLong" use="required"/>
            <xsd:attribute name="hash" type="ol:sha256Hex" use="required"/>
          </xsd:complexType>
          <xsd:element name="leaf" type="ol:leafType"/>
          <xsd:element name="leaf-range">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element name="leaf" type="ol:leafType" minOccurs="2" maxOccurs="2"/>
              </xsd:sequence>
              <xsd:attribute name="count" type="xsd:positiveInteger" use="required"/>
            </xsd:complexType>
          </xsd:element>
          <xsd:element name="checkpoint">
            <xsd:complexType>
              <xsd:simpleContent>
                <xsd:extension base="xsd:string">
                  <xsd:attribute name="quarter" use="required">
                    <xsd:simpleType>
                      <xsd:restriction base="xsd:string">
                        <xsd:pattern value="[0-9]{4}-Q[1-4]"/>
                      </xsd:restriction>
                    </xsd:simpleType>
                  </xsd:attribute>
                  <xsd:attribute name="origin" type="xsd:string" use="required"/>
                  <xsd:attribute name="size" type="xsd:unsignedLong" use="required"/>
                  <xsd:attribute name="root" type="ol:sha256Hex" use="required"/>
                </xsd:extension>
              </xsd:simpleContent>
            </xsd:complexType>
          </xsd:element>
        </xsd:schema>
        """;
}
