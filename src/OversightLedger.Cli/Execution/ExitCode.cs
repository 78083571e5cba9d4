namespace OversightLedger.Cli.Execution;

/// <summary>The process exit codes of <c>oversight</c>; scripts rely on them.</summary>
internal enum ExitCode
{
    /// <summary>Verified, or the command did what it was asked.</summary>
    Ok = 0,

    /// <summary>A signature, proof, entry or tile did not verify.</summary>
    VerificationFailed = 1,

    /// <summary>
    /// The ledger refused the request: a rule said no to a disbursement or to rows of a payment list (agency commands).
    /// The same code as <see cref="VerificationFailed"/>: the request was understood and the answer is no.
    /// </summary>
    Refused = 1,

    /// <summary>Bad usage or unreadable input: a missing file, a bad key string, a malformed checkpoint, an unreachable server, a rejected API key, an HTTP error.</summary>
    BadInput = 2,

    /// <summary>A bug in the CLI (an exception it did not expect); never a verdict about the log.</summary>
    InternalError = 3,

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    Cancelled = 130,
}
