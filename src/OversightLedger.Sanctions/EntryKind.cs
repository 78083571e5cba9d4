namespace OversightLedger.Sanctions;

/// <summary>What a sanctions-list entry designates.</summary>
public enum EntryKind
{
    /// <summary>A company, organisation, group or anything OFAC leaves untyped (<c>-0-</c>).</summary>
    Entity,

    /// <summary>A natural person.</summary>
    Individual,

    /// <summary>A ship.</summary>
    Vessel,

    /// <summary>An aircraft.</summary>
    Aircraft,
}
