namespace OversightLedger.Sanctions;

/// <summary>Whether a supporting feature of the query agrees with the entry.</summary>
public enum FeatureAgreement
{
    /// <summary>The entry states the feature and the query's value fits it.</summary>
    Agrees,

    /// <summary>The entry states the feature and the query's value fits none of its values.</summary>
    Disagrees,
}
