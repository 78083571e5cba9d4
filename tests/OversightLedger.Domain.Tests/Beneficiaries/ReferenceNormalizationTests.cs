using System.Globalization;
using System.IO.Compression;
using System.Text;
using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Tests.Beneficiaries;

/// <summary>The embedded NFC against the Unicode 15.0 conformance file (NormalizationTest.txt, columns 1 and 2).</summary>
public class ReferenceNormalizationTests
{
    [Fact]
    public void PassesTheUnicodeConformanceTest()
    {
        HashSet<int> partOneCharacters = [];
        string? part = null;
        int cases = 0;
        foreach (string line in ConformanceLines())
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('@'))
            {
                part = line;
                continue;
            }

            string[] columns = line.Split(';');
            string source = FromCodePoints(columns[0]), nfc = FromCodePoints(columns[1]);
            Assert.True(nfc == source.Normalize(NormalizationForm.FormC), $"{part} line '{line}': NFC({columns[0]}) should be {columns[1]}");
            Assert.Equal(nfc, nfc.Normalize(NormalizationForm.FormC));
            if (part == "@Part1")
            {
                partOneCharacters.Add(int.Parse(columns[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }

            cases++;
        }

        Assert.True(cases > 19_000, $"only {cases} conformance cases were read");
    }

    [Fact]
    public void ComposesTheCommonCases()
    {
        Assert.Equal("\u00E9", "e\u0301".Normalize(NormalizationForm.FormC));
        Assert.Equal("\u00C5", "\u212B".Normalize(NormalizationForm.FormC));
        Assert.Equal("\uD55C", "\u1112\u1161\u11AB".Normalize(NormalizationForm.FormC));
        Assert.Equal("plain ascii", "plain ascii".Normalize(NormalizationForm.FormC));
        Assert.Equal(string.Empty, string.Empty.Normalize(NormalizationForm.FormC));
    }

    [Fact]
    public void RefusesLoneSurrogates() =>
        Assert.Throws<ArgumentException>(() => "a\uD800\u00E9".Normalize(NormalizationForm.FormC));

    private static IEnumerable<string> ConformanceLines()
    {
        using Stream compressed = typeof(ReferenceNormalizationTests).Assembly.GetManifestResourceStream("NormalizationTest-nfc.txt.gz")
            ?? throw new InvalidOperationException("the conformance resource is missing");
        using GZipStream text = new(compressed, CompressionMode.Decompress);
        using StreamReader reader = new(text, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static string FromCodePoints(string hex) =>
        string.Concat(hex.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(h => char.ConvertFromUtf32(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
}
