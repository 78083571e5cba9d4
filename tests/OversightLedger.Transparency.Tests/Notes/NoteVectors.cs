using System.Text.Json;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Notes;

/// <summary>The signed-note, checkpoint and cosignature vectors of <c>vectors/signed-note/signed-note-vectors.json</c>.</summary>
internal static class NoteVectors
{
    private static readonly Lazy<JsonElement> Json = new(() =>
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("vectors", "signed-note", "signed-note-vectors.json")));
        return document.RootElement.Clone();
    });

    public static JsonElement Root => Json.Value;

    public static IEnumerable<JsonElement> Vectors => Root.GetProperty("vectors").EnumerateArray();

    public static IEnumerable<JsonElement> PublishedKeyPairs => Root.GetProperty("publishedTestKeyPairs").EnumerateArray();

    /// <summary>The generated key <paramref name="role"/> ("log", "other" or "witness").</summary>
    public static JsonElement GeneratedKey(string role) => Root.GetProperty("generatedKeys").GetProperty(role);

    public static string LogSignerKey => GeneratedKey("log").GetProperty("skey").GetString()!;

    public static string LogVerifierKey => GeneratedKey("log").GetProperty("vkey").GetString()!;

    public static string OtherVerifierKey => GeneratedKey("other").GetProperty("vkey").GetString()!;

    public static string WitnessVerifierKey => GeneratedKey("witness").GetProperty("vkeyType04").GetString()!;

    public static string WitnessName => GeneratedKey("witness").GetProperty("name").GetString()!;

    public static byte[] WitnessSeed => Convert.FromHexString(GeneratedKey("witness").GetProperty("seedHex").GetString()!);

    public static JsonElement Vector(string id) => Vectors.Single(v => v.GetProperty("id").GetString() == id);

    /// <summary>The bytes of a note file named as in the JSON (<c>signed-note/x.note</c>) or by its file name alone.</summary>
    public static byte[] ReadNote(string file) =>
        File.ReadAllBytes(SharedData.Path(["vectors", "signed-note", .. file.Split('/')[^1..]]));

    /// <summary>A file of <c>vectors/go-tlog/</c>, e.g. <c>GoTlog("log-1500", "checkpoint")</c>.</summary>
    public static byte[] GoTlog(params string[] parts) => File.ReadAllBytes(SharedData.Path(["vectors", "go-tlog", .. parts]));

    /// <summary>A key file of <c>vectors/go-tlog/</c> without its trailing newline.</summary>
    public static string GoTlogKey(string file) => File.ReadAllText(SharedData.Path("vectors", "go-tlog", file)).TrimEnd('\n');
}
