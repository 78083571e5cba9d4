namespace OversightLedger.Grains.Witnesses;

/// <summary>The log refused a cosignature and stored nothing; <see cref="Reason"/> says why and the message says how.</summary>
public sealed class CosignatureRejectedException : Exception
{
    /// <summary>Creates the error.</summary>
    public CosignatureRejectedException(CosignatureRejection reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the cosignature was refused.</summary>
    public CosignatureRejection Reason { get; }
}
