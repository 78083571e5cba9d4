using System.Globalization;
using System.Text;

namespace OversightLedger.Transparency.Tiles;

/// <summary>
/// The C2SP tlog-tiles paths: <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> for hash tiles and
/// <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c> for entry bundles, where N is written in zero-padded
/// groups of three digits, every group but the last prefixed with <c>x</c> (1234067 → <c>x001/x234/067</c>).
/// </summary>
public static class TilePath
{
    /// <summary>The path of the checkpoint.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>The path of hash tile <paramref name="index"/> at <paramref name="level"/>, partial when <paramref name="width"/> &lt; 256.</summary>
    public static string Hash(int level, ulong index, int width) =>
        string.Create(CultureInfo.InvariantCulture, $"tile/{level}/{EncodeIndex(index)}{PartialSuffix(width)}");

    /// <summary>The path of entry bundle <paramref name="index"/>, partial when <paramref name="width"/> &lt; 256.</summary>
    public static string Entries(ulong index, int width) =>
        string.Create(CultureInfo.InvariantCulture, $"tile/entries/{EncodeIndex(index)}{PartialSuffix(width)}");

    /// <summary>Encodes a tile index in groups of three digits (<c>x001/x234/067</c>).</summary>
    public static string EncodeIndex(ulong index)
    {
        string digits = index.ToString(CultureInfo.InvariantCulture);
        int padded = (digits.Length + 2) / 3 * 3;
        digits = digits.PadLeft(padded, '0');
        var builder = new StringBuilder(padded + (padded / 3 * 2));
        for (int i = 0; i < padded; i += 3)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            if (i + 3 < padded)
            {
                builder.Append('x');
            }

            builder.Append(digits, i, 3);
        }

        return builder.ToString();
    }

    /// <summary>Parses a tile path back into its parts.</summary>
    /// <exception cref="FormatException">The path is not a tlog-tiles path.</exception>
    public static TileAddress Parse(string path)
    {
        string[] parts = path.Split('/');
        if (parts.Length < 3 || parts[0] != "tile")
        {
            throw new FormatException($"'{path}' is not a tile path.");
        }

        bool entries = parts[1] == "entries";
        int level = 0;
        if (!entries && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out level) || level > 63 || parts[1] != level.ToString(CultureInfo.InvariantCulture)))
        {
            throw new FormatException($"'{path}' has no valid tile level.");
        }

        int width = TileLayout.Width;
        int end = parts.Length;
        if (parts.Length >= 4 && parts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out width) || width is < 1 or >= TileLayout.Width
                || parts[^1] != width.ToString(CultureInfo.InvariantCulture))
            {
                throw new FormatException($"'{path}' has an invalid partial width.");
            }

            parts[^2] = parts[^2][..^2];
            end = parts.Length - 1;
        }

        ulong index = 0;
        for (int i = 2; i < end; i++)
        {
            string group = parts[i];
            bool last = i == end - 1;
            if (!last)
            {
                if (!group.StartsWith('x'))
                {
                    throw new FormatException($"'{path}' has an index group without its x prefix.");
                }

                group = group[1..];
            }

            if (group.Length != 3 || !ulong.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            {
                throw new FormatException($"'{path}' has an index group that is not three digits.");
            }

            // An index beyond 2^64 − 1 is no tile of any log (and would overflow): a malformed path, not a crash.
            if (index > (ulong.MaxValue - value) / 1000)
            {
                throw new FormatException($"'{path}' has an index too large for any log.");
            }

            index = (index * 1000) + value;
        }

        string canonical = entries ? Entries(index, width) : Hash(level, index, width);
        if (canonical != path)
        {
            throw new FormatException($"'{path}' is not in canonical form ('{canonical}').");
        }

        return new TileAddress(entries ? TileAddress.EntriesLevel : level, index, width);
    }

    private static string PartialSuffix(int width)
    {
        if (width is < 1 or > TileLayout.Width)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A tile is 1 to {TileLayout.Width} wide, not {width}.");
        }

        return width == TileLayout.Width ? string.Empty : string.Create(CultureInfo.InvariantCulture, $".p/{width}");
    }
}
