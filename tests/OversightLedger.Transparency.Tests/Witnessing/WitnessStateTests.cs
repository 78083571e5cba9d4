using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>The witness's state file: four strict lines, replaced atomically.</summary>
public sealed class WitnessStateTests
{
    private static readonly MerkleHash Root = WitnessVectors.Root(8);

    [Fact]
    public void Formats_as_four_lines_and_parses_back()
    {
        var state = new WitnessState("example.com/relief-ledger-test", 8, Root);

        string text = state.Format();

        Assert.Equal($"oversight-witness-state/v1\norigin example.com/relief-ledger-test\nsize 8\nroot {Root.ToBase64()}\n", text);
        Assert.Equal(state, WitnessState.Parse(text));
    }

    [Fact]
    public void An_origin_with_spaces_survives_the_round_trip()
    {
        var state = new WitnessState("ledger.example.org/log with spaces", ulong.MaxValue, Rfc6962.EmptyRoot);

        Assert.Equal(state, WitnessState.Parse(state.Format()));
    }

    [Theory]
    [InlineData("oversight-witness-state/v1\norigin o\nsize 8\nroot {root}")] // no final newline
    [InlineData("oversight-witness-state/v2\norigin o\nsize 8\nroot {root}\n")]
    [InlineData("origin o\nsize 8\nroot {root}\n")]
    [InlineData("oversight-witness-state/v1\norigin o\nsize 08\nroot {root}\n")]
    [InlineData("oversight-witness-state/v1\norigin o\nsize -1\nroot {root}\n")]
    [InlineData("oversight-witness-state/v1\norigin o\nsize 18446744073709551616\nroot {root}\n")]
    [InlineData("oversight-witness-state/v1\norigin \nsize 8\nroot {root}\n")]
    [InlineData("oversight-witness-state/v1\nsize 8\norigin o\nroot {root}\n")]
    [InlineData("oversight-witness-state/v1\norigin o\nsize 8\nroot AAAA\n")]
    [InlineData("oversight-witness-state/v1\norigin o\nsize 8\nroot {root}\nextra line\n")]
    [InlineData("oversight-witness-state/v1\r\norigin o\r\nsize 8\r\nroot {root}\r\n")]
    public void Malformed_text_is_refused(string template)
    {
        string text = template.Replace("{root}", Root.ToBase64(), StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => WitnessState.Parse(text));
    }

    [Fact]
    public void A_missing_file_is_no_state_and_a_written_one_reads_back()
    {
        using var temp = new TemporaryDirectory();
        string path = Path.Combine(temp.Path, "witness.state");
        Assert.Null(WitnessState.ReadFile(path));

        new WitnessState("o", 5, WitnessVectors.Root(5)).WriteFile(path);
        var grown = new WitnessState("o", 8, Root);
        grown.WriteFile(path);

        Assert.Equal(grown, WitnessState.ReadFile(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path)); // no temporary file left behind
    }

    [Fact]
    public void A_file_that_is_not_a_state_names_the_file()
    {
        using var temp = new TemporaryDirectory();
        string path = Path.Combine(temp.Path, "not-a-state");
        File.WriteAllText(path, "hello\n");

        FormatException error = Assert.Throws<FormatException>(() => WitnessState.ReadFile(path));

        Assert.StartsWith($"'{path}' is not a witness state file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_origin_with_a_control_character_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new WitnessState("bad\norigin", 1, Root));
        Assert.Throws<ArgumentException>(() => new WitnessState(string.Empty, 1, Root));
    }
}
