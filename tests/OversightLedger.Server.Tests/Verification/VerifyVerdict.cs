using System.Text.Json;

namespace OversightLedger.Server.Tests.Verification;

/// <summary>What the /verify page shows after a check, read from its DOM.</summary>
/// <param name="State">The verdict's <c>data-state</c>: verified, failed, needs-keys or unsupported.</param>
/// <param name="Title">The verdict's heading.</param>
/// <param name="Detail">The line under it (the first failure, or a warning).</param>
/// <param name="Checks">Each check as (step, ok: true/false/warn, text).</param>
/// <param name="Facts">The facts listed under the verdict, by their label.</param>
/// <param name="Text">The verdict section's whole visible text.</param>
internal sealed record VerifyVerdict(
    string State, string Title, string Detail, IReadOnlyList<(string Step, string Ok, string Text)> Checks, IReadOnlyDictionary<string, string> Facts, string Text)
{
    /// <summary>The steps that failed, in order.</summary>
    public IReadOnlyList<string> FailedSteps => [.. Checks.Where(c => c.Ok == "false").Select(c => c.Step)];

    /// <summary>Reads the object the page's probe script returns.</summary>
    public static VerifyVerdict From(JsonElement probe) => new(
        probe.GetProperty("state").GetString()!,
        probe.GetProperty("title").GetString()!,
        probe.GetProperty("detail").GetString()!,
        [.. probe.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("step").GetString()!, c.GetProperty("ok").GetString()!, c.GetProperty("text").GetString()!))],
        probe.GetProperty("facts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
        probe.GetProperty("text").GetString()!);

    /// <inheritdoc/>
    public override string ToString() => $"{State}: {Title} — {Detail}\n  " + string.Join("\n  ", Checks.Select(c => $"[{c.Ok}] {c.Step}: {c.Text}"));
}
