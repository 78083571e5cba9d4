namespace OversightLedger.Server.Verification;

/// <summary>
/// The verification page's files, embedded in the server's assembly (<c>Verification/Page/*</c>, see the project
/// file) and read once: no file system, no build tool and no third-party script at run time.
/// </summary>
internal static class VerifyPageAssets
{
    private const string ResourcePrefix = "OversightLedger.Server.Verification.Page.";

    private static readonly Dictionary<string, VerifyPageAsset> Files = Load(
        ("verify.html", "text/html; charset=utf-8"),
        ("verify.css", "text/css; charset=utf-8"),
        ("receipt-check.js", "text/javascript; charset=utf-8"),
        ("verify.js", "text/javascript; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"));

    /// <summary>The HTML page.</summary>
    public static VerifyPageAsset Page => Files["verify.html"];

    /// <summary>The file named <paramref name="name"/> (exactly, case-sensitive), or null.</summary>
    public static VerifyPageAsset? Find(string name) => Files.GetValueOrDefault(name);

    private static Dictionary<string, VerifyPageAsset> Load(params (string Name, string ContentType)[] files)
    {
        var loaded = new Dictionary<string, VerifyPageAsset>(StringComparer.Ordinal);
        foreach ((string name, string contentType) in files)
        {
            using Stream stream = typeof(VerifyPageAssets).Assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException($"The verification page file {name} is not embedded in the server.");
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            loaded[name] = new VerifyPageAsset(name, contentType, bytes.ToArray());
        }

        return loaded;
    }
}
