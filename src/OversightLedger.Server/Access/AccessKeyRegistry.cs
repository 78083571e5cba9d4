namespace OversightLedger.Server.Access;

/// <summary>The key of the single key-registry grain.</summary>
internal static class AccessKeyRegistry
{
    public const string Key = "main";
}
