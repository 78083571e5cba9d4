namespace OversightLedger.Domain.Entries;

/// <summary>What one step of a budget's consequence ladder does (written by name, never as a number).</summary>
public enum ConsequenceAction
{
    /// <summary>Pause the next tranche: the first, in the order added, that is neither released, humanitarian, nor already held.</summary>
    PauseNextTranche,

    /// <summary>Freeze every tranche that is neither released nor humanitarian.</summary>
    FreezeUnreleased,
}
