using System.Globalization;
using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// What a witness remembers of a log: the origin, size and root of the last checkpoint it cosigned. It cosigns a
/// later checkpoint only when a consistency proof leads from this root to the new one. Stored as text:
/// <c>oversight-witness-state/v1\norigin &lt;origin&gt;\nsize &lt;size&gt;\nroot &lt;base64 root&gt;\n</c>.
/// </summary>
public sealed record WitnessState
{
    /// <summary>The first line of a state file, naming its format.</summary>
    public const string Header = "oversight-witness-state/v1";

    /// <summary>The state after cosigning a checkpoint of <paramref name="origin"/> with <paramref name="size"/> leaves and root <paramref name="root"/>.</summary>
    /// <exception cref="ArgumentException">The origin is empty or holds a control character.</exception>
    public WitnessState(string origin, ulong size, MerkleHash root)
    {
        // A checkpoint's rules for the origin line apply: it is compared with checkpoints' origins.
        Origin = new Checkpoint(origin, size, root).Origin;
        Size = size;
        Root = root;
    }

    /// <summary>The log's origin line.</summary>
    public string Origin { get; }

    /// <summary>The tree size of the last cosigned checkpoint.</summary>
    public ulong Size { get; }

    /// <summary>The root hash of the last cosigned checkpoint.</summary>
    public MerkleHash Root { get; }

    /// <summary>The state that remembers <paramref name="checkpoint"/>.</summary>
    public static WitnessState Of(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new WitnessState(checkpoint.Origin, checkpoint.Size, checkpoint.Root);
    }

    /// <summary>Reads state text strictly (exactly the four lines <see cref="Format"/> writes).</summary>
    /// <exception cref="FormatException">The text is not a witness state.</exception>
    public static WitnessState Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("witness state does not end with a newline");
        }

        string[] lines = text[..^1].Split('\n');
        if (lines.Length != 4 || lines[0] != Header)
        {
            throw new FormatException($"witness state must be 4 lines starting with '{Header}'");
        }

        string origin = Field(lines[1], "origin");
        string size = Field(lines[2], "size");
        string root = Field(lines[3], "root");

        // The checkpoint parser's rules (no leading zeroes, canonical base64 of 32 bytes) apply to the same values.
        Checkpoint parsed;
        try
        {
            parsed = Checkpoint.Parse($"{origin}\n{size}\n{root}\n");
        }
        catch (FormatException e)
        {
            throw new FormatException($"witness state is malformed: {e.Message}", e);
        }

        return Of(parsed);
    }

    /// <summary>The state file's text.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Header}\norigin {Origin}\nsize {Size}\nroot {Root.ToBase64()}\n");

    /// <summary>Reads the state file at <paramref name="path"/>; null when there is no such file (a witness that never cosigned).</summary>
    /// <exception cref="FormatException">The file is not a witness state.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static WitnessState? ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            return Parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{path}' is not a witness state file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Replaces the state file at <paramref name="path"/> atomically: a temporary file beside it is written and fsynced,
    /// renamed over it, and the directory fsynced. A crash leaves the old state or the new one, never a mix.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        string temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None }))
            {
                stream.Write(Encoding.UTF8.GetBytes(Format()));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        PosixDirectorySync.Sync(directory);
    }

    private static string Field(string line, string name) =>
        line.StartsWith(name + " ", StringComparison.Ordinal)
            ? line[(name.Length + 1)..]
            : throw new FormatException($"witness state line '{line}' does not start with '{name} '");
}
