using System.CommandLine;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Cli.Execution;

/// <summary>
/// Runs a command's body and turns whatever stops it into the documented exit code and one line on stderr:
/// 1 when something did not verify or the ledger refused, 2 for bad usage, unreadable input or an HTTP failure, 3 for a bug in the CLI.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        Option<bool>? jsonOption,
        bool reportsVerification,
        Func<CommandOutput, CancellationToken, Task> body,
        CancellationToken cancellationToken)
    {
        var output = new CommandOutput(
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            jsonOption is not null && parseResult.GetValue(jsonOption),
            reportsVerification);
        return (int)await RunCatchingAsync(body, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the body and reports whatever stopped it, returning the exit code.</summary>
    private static async Task<ExitCode> RunCatchingAsync(
        Func<CommandOutput, CancellationToken, Task> body,
        CommandOutput output,
        CancellationToken cancellationToken)
    {
        try
        {
            await body(output, cancellationToken).ConfigureAwait(false);
            return ExitCode.Ok;
        }
        catch (LedgerRefusedException e)
        {
            output.Refusal(e.Message, e.Report);
            return ExitCode.Refused;
        }
        catch (CommandFailedException e)
        {
            return Failed(output, e.ExitCode, e.Message);
        }
        catch (LogVerificationException e)
        {
            return Failed(output, ExitCode.VerificationFailed, e.Message);
        }
        catch (ProofVerificationException e)
        {
            return Failed(output, ExitCode.VerificationFailed, e.Message);
        }
        catch (NoteVerificationException e)
        {
            return Failed(output, ExitCode.VerificationFailed, $"signature: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Failed(output, ExitCode.Cancelled, "interrupted");
        }
        catch (OperationCanceledException e)
        {
            return Failed(output, ExitCode.BadInput, $"timed out: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return Failed(output, ExitCode.BadInput, $"HTTP request failed: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            return Failed(output, ExitCode.BadInput, e.Message);
        }
#pragma warning disable CA1031 // The CLI's contract is an exit code and one line, whatever went wrong.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Failed(output, ExitCode.InternalError, $"unexpected {e.GetType().Name}: {e.Message}");
        }
    }

    private static ExitCode Failed(CommandOutput output, ExitCode code, string reason)
    {
        output.Failure(code, reason);
        return code;
    }
}
