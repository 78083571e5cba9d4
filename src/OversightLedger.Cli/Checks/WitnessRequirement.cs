using System.Globalization;
using System.Text.Json;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Checks;

/// <summary>
/// The auditor's <c>--witness</c>/<c>--quorum</c> options: which witnesses' cosignatures a verifying command requires
/// on the checkpoint it trusts, checked with <see cref="CosignatureQuorum"/>. Without <c>--witness</c> nothing is
/// required, and the command says so on stderr.
/// </summary>
internal sealed class WitnessRequirement
{
    private readonly CosignatureQuorum? _quorum;
    private IReadOnlyList<WitnessCosignature> _verdicts = [];

    private WitnessRequirement(CosignatureQuorum? quorum) => _quorum = quorum;

    /// <summary>Reads the options: each <c>--witness</c> is a key or <c>@FILE</c> (one key a line; blank lines and # comments skipped).</summary>
    /// <exception cref="CommandFailedException">A key or file is unreadable, or the quorum is out of range (exit 2).</exception>
    public static WitnessRequirement FromOptions(string[]? witnesses, int? quorum)
    {
        if (witnesses is null || witnesses.Length == 0)
        {
            return quorum is null
                ? new WitnessRequirement(null)
                : throw CommandFailedException.BadInput("--quorum needs the witnesses it counts: give them with --witness.");
        }

        List<string> keys = [.. witnesses.SelectMany(Expand)];
        int distinct = keys.Select(k => k.Trim()).Distinct(StringComparer.Ordinal).Count();
        int required = quorum ?? 1;
        if (required < 1 || required > distinct)
        {
            throw CommandFailedException.BadInput($"--quorum {required} must be between 1 and the number of distinct --witness keys ({distinct}).");
        }

        try
        {
            return new WitnessRequirement(new CosignatureQuorum(keys, required));
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"--witness: {e.Message}", e);
        }
    }

    /// <summary>
    /// Checks the quorum on <paramref name="checkpoint"/>'s signature lines; without witnesses there is nothing to check.
    /// </summary>
    /// <exception cref="CommandFailedException">The quorum is not met: exit 1, naming the witnesses whose cosignature is missing or invalid.</exception>
    public void Require(CommandOutput output, Checkpoint checkpoint, IEnumerable<NoteSignature> signatureLines)
    {
        if (_quorum is null)
        {
            return;
        }

        _verdicts = _quorum.Check(checkpoint, signatureLines);
        if (!_quorum.IsMet(_verdicts))
        {
            int valid = _verdicts.Count(v => v.Counts);
            string missing = string.Join("; ", _verdicts.Where(v => !v.Counts).Select(v => $"{v.VerifierKey} ({v.Problem})"));
            throw CommandFailedException.VerificationFailed(
                $"witness quorum not met: the checkpoint of size {checkpoint.Size} carries {valid} of the {_quorum.Quorum} required cosignatures; missing: {missing}");
        }
    }

    /// <summary>
    /// After the result, says on stderr that no witness was required, when none was (after, so that a failure stays the
    /// only line on stderr).
    /// </summary>
    public void NoteIfNoneRequired(CommandOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_quorum is null)
        {
            output.Note("note: no witness was required, so the checkpoint's cosignatures were not checked (give --witness and --quorum to require them)");
        }
    }

    /// <summary>The text line saying who cosigned, or nothing when no witness was required.</summary>
    public string Text()
    {
        if (_quorum is null)
        {
            return string.Empty;
        }

        string signed = string.Join(", ", _verdicts.Where(v => v.Counts).Select(v => $"{v.Name} at {Time(v.Timestamp!.Value)}"));
        return $"\nwitness quorum {_quorum.Quorum} of {_verdicts.Count} met: cosigned by {signed}";
    }

    /// <summary>Adds <c>quorum</c>, <c>witnesses</c> (who signed and when) and <c>missing</c> to the JSON result; nothing when no witness was required.</summary>
    public JsonReport AddTo(JsonReport json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (_quorum is null)
        {
            return json;
        }

        var signed = _verdicts.Where(v => v.Counts).Select(v => new Dictionary<string, object>
        {
            ["name"] = v.Name,
            ["verifierKey"] = v.VerifierKey,
            ["timestamp"] = v.Timestamp!.Value,
            ["time"] = Time(v.Timestamp.Value),
        }).ToArray();
        return json
            .Add("quorum", (ulong)_quorum.Quorum)
            .Add("witnesses", JsonSerializer.SerializeToElement(signed))
            .Add("missing", _verdicts.Where(v => !v.Counts).Select(v => v.VerifierKey));
    }

    private static string Time(ulong timestamp) =>
        DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(timestamp, 253402300799UL)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Expand(string witness)
    {
        if (!witness.StartsWith('@'))
        {
            return [witness];
        }

        string path = witness[1..];
        try
        {
            return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read the witness key file '{path}': {e.Message}", e);
        }
    }
}
