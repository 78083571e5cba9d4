namespace OversightLedger.Cli.Execution;

/// <summary>A command stops with a one-line reason and the exit code that says what kind of failure it is.</summary>
internal sealed class CommandFailedException : Exception
{
    public CommandFailedException(ExitCode exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public ExitCode ExitCode { get; }

    /// <summary>Bad usage or unreadable input (exit 2).</summary>
    public static CommandFailedException BadInput(string message, Exception? innerException = null) =>
        new(ExitCode.BadInput, message, innerException);

    /// <summary>Something did not verify (exit 1).</summary>
    public static CommandFailedException VerificationFailed(string message, Exception? innerException = null) =>
        new(ExitCode.VerificationFailed, message, innerException);
}
