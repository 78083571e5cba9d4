namespace OversightLedger.Server.Verification;

/// <summary>One embedded file of the verification page.</summary>
/// <param name="Name">The file's name under <c>/verify/</c> (the page itself is <c>verify.html</c>).</param>
/// <param name="ContentType">The media type it is served with.</param>
/// <param name="Content">The bytes, exactly as in the repository.</param>
internal sealed record VerifyPageAsset(string Name, string ContentType, byte[] Content);
