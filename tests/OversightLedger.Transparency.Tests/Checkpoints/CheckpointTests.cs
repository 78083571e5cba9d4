using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Tests.Checkpoints;

/// <summary>The checkpoint body of c2sp.org/tlog-checkpoint.</summary>
public sealed class CheckpointTests
{
    private const string Origin = "example.com/relief-ledger-test";
    private const string Root8 = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";

    public static TheoryData<string, string> BadTexts => new()
    {
        { $"{Origin}\n8\n{Root8}", "newline" },
        { $"{Origin}\n8\n", "at least 3" },
        { $"\n8\n{Root8}\n", "origin line is empty" },
        { $"{Origin}\n08\n{Root8}\n", "leading zeroes" },
        { $"{Origin}\n00\n{Root8}\n", "leading zeroes" },
        { $"{Origin}\n-1\n{Root8}\n", "decimal" },
        { $"{Origin}\n+8\n{Root8}\n", "decimal" },
        { $"{Origin}\n 8\n{Root8}\n", "decimal" },
        { $"{Origin}\n8 \n{Root8}\n", "decimal" },
        { $"{Origin}\n0x8\n{Root8}\n", "decimal" },
        { $"{Origin}\n\u0668\n{Root8}\n", "decimal" },
        { $"{Origin}\n18446744073709551616\n{Root8}\n", "64 bits" },
        { $"{Origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQw==\n", "32 bytes" },
        { $"{Origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyhA\n", "32 bytes" },
        { $"{Origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n", "32 bytes" },
        { $"{Origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n", "canonical" },
        { $"{Origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/Rg Qyg=\n", "base64" },
        { $"{Origin}\n8\n{Root8}\n\n", "line 4 is empty" },
        { $"{Origin}\n8\n{Root8}\next\n\nmore\n", "line 5 is empty" },
        { $"{Origin}\r\n8\n{Root8}\n", "control character" },
    };

    [Fact]
    public void Format_writes_origin_size_root_and_extensions()
    {
        var checkpoint = new Checkpoint(Origin, 8, MerkleHash.FromBase64(Root8), ["extension-line-1"]);

        Assert.Equal($"{Origin}\n8\n{Root8}\nextension-line-1\n", checkpoint.Format());
        Assert.Equal($"{Origin}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", new Checkpoint(Origin, 0, Rfc6962.EmptyRoot).Format());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1500")]
    [InlineData("18446744073709551615")]
    public void Parse_reads_what_format_writes(string size)
    {
        string text = $"{Origin}\n{size}\n{Root8}\n";

        Checkpoint checkpoint = Checkpoint.Parse(text);

        Assert.Equal(Origin, checkpoint.Origin);
        Assert.Equal(ulong.Parse(size, System.Globalization.CultureInfo.InvariantCulture), checkpoint.Size);
        Assert.Equal(MerkleHash.FromBase64(Root8), checkpoint.Root);
        Assert.Empty(checkpoint.Extensions);
        Assert.Equal(text, checkpoint.Format());
    }

    [Fact]
    public void Extension_lines_are_kept_in_order()
    {
        string text = $"{Origin}\n8\n{Root8}\nfirst ext\nsecond — ext\n";

        Checkpoint checkpoint = Checkpoint.Parse(text);

        Assert.Equal(["first ext", "second — ext"], checkpoint.Extensions);
        Assert.Equal(text, checkpoint.Format());
    }

    [Fact]
    public void Origin_is_opaque()
    {
        Checkpoint checkpoint = Checkpoint.Parse($"any origin + spaces\n8\n{Root8}\n");

        Assert.Equal("any origin + spaces", checkpoint.Origin);
    }

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void Parse_is_strict(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Checkpoint.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("two\nlines", null)]
    [InlineData(Origin, "")]
    [InlineData(Origin, "ext\nension")]
    [InlineData(Origin, "tab\there")]
    public void Constructor_refuses_what_could_not_be_a_checkpoint(string origin, string? extension) =>
        Assert.Throws<ArgumentException>(() => new Checkpoint(origin, 1, Rfc6962.EmptyRoot, extension is null ? null : [extension]));

    [Fact]
    public void Checkpoints_are_equal_by_value_including_extensions()
    {
        MerkleHash root = MerkleHash.FromBase64(Root8);

        Assert.Equal(new Checkpoint(Origin, 8, root, ["a"]), new Checkpoint(Origin, 8, root, ["a"]));
        Assert.NotEqual(new Checkpoint(Origin, 8, root, ["a"]), new Checkpoint(Origin, 8, root, ["b"]));
        Assert.NotEqual(new Checkpoint(Origin, 8, root), new Checkpoint(Origin, 7, root));
    }
}
