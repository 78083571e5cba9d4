using System.Text;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Tests.Entries;

public class CanonicalJsonWriterTests
{
    [Fact]
    public void WritesRfc8785Bytes()
    {
        byte[] written = new CanonicalJsonWriter()
            .WriteString("text", "say \"hi\" \\ back\u0001\u001f\b\f\n\r\t/é€😀\u007f\u2028")
            .WriteInteger("n", 42)
            .WriteBoolean("yes", true)
            .WriteStringArray("list", ["b", "a"])
            .WriteString("\u20ac", "euro key")
            .WriteString("\r", "cr key")
            .WriteString("\ud83d\ude00", "emoji key")
            .WriteString("\ufb33", "hebrew key")
            .WriteString("1", "one")
            .WriteString("\u0080", "c1 control key")
            .WriteString("\u00f6", "o umlaut")
            .ToUtf8Bytes();

        // Keys in UTF-16 code unit order (the emoji's high surrogate D83D sorts before U+FB33, as in RFC 8785 §3.2.3);
        // only ", \ and C0 controls escaped, short forms where they exist, \u00xx in lower case otherwise.
        string expected =
            "{\"\\r\":\"cr key\",\"1\":\"one\",\"list\":[\"b\",\"a\"],\"n\":42," +
            "\"text\":\"say \\\"hi\\\" \\\\ back\\u0001\\u001f\\b\\f\\n\\r\\t/é€😀\u007f\u2028\"," +
            "\"yes\":true,\"\u0080\":\"c1 control key\",\"ö\":\"o umlaut\",\"€\":\"euro key\",\"😀\":\"emoji key\",\"\ufb33\":\"hebrew key\"}";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), written);
        Assert.Contains((byte)0x7F, written);
        Assert.Equal("é"u8.ToArray(), new byte[] { 0xC3, 0xA9 });
    }

    [Fact]
    public void WritesAnEmptyObjectAndNestedObjects()
    {
        Assert.Equal("{}"u8.ToArray(), new CanonicalJsonWriter().ToUtf8Bytes());
        byte[] nested = new CanonicalJsonWriter()
            .WriteObject("z", new CanonicalJsonWriter().WriteInteger("b", -1).WriteBoolean("a", false))
            .WriteStringArray("a", [])
            .ToUtf8Bytes();
        Assert.Equal("{\"a\":[],\"z\":{\"a\":false,\"b\":-1}}"u8.ToArray(), nested);
    }

    [Fact]
    public void RefusesWhatRfc8785Cannot()
    {
        CanonicalJsonWriter json = new CanonicalJsonWriter().WriteString("a", "x");

        Assert.Throws<ArgumentException>(() => json.WriteString("a", "again"));
        Assert.Throws<ArgumentException>(() => json.WriteString("b", "lone \ud800 surrogate"));
        Assert.Throws<ArgumentException>(() => json.WriteString("\udc00", "lone surrogate key"));
        Assert.Throws<ArgumentOutOfRangeException>(() => json.WriteInteger("big", CanonicalJsonWriter.MaxSafeInteger + 1));
        json.WriteInteger("max", CanonicalJsonWriter.MaxSafeInteger);
        Assert.Equal("{\"a\":\"x\",\"max\":9007199254740991}"u8.ToArray(), json.ToUtf8Bytes());
    }
}
