namespace OversightLedger.Server.Sanctions;

/// <summary>What became of one configured list at the last load: in force, or refused (and why), with the version in force.</summary>
internal sealed record SanctionsListState(
    string File,
    string Format,
    string Status,
    string? Error,
    string? Source,
    string? Sha256,
    int? EntryCount,
    string? PublicationDate,
    DateTimeOffset? LoadedAt);
