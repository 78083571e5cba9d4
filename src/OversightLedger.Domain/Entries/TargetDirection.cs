namespace OversightLedger.Domain.Entries;

/// <summary>Which side of a benchmark's target meets it; written in entries by name (<c>at-least</c>, <c>at-most</c>).</summary>
public enum TargetDirection
{
    /// <summary>A measured value meets the target when it is at least the target (<c>at-least</c>).</summary>
    AtLeast,

    /// <summary>A measured value meets the target when it is at most the target (<c>at-most</c>).</summary>
    AtMost,
}
