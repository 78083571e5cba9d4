using System.CommandLine;
using OversightLedger.Cli.Output;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Cli.Execution;

/// <summary>
/// Runs a command's body and turns whatever stops it into the documented exit code and one line on stderr:
/// 1 when something did not verify, 2 for bad usage or unreadable input, 3 for a bug in the CLI.
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
        (ExitCode code, string reason) = await RunCatchingAsync(body, output, cancellationToken).ConfigureAwait(false);
        if (code != ExitCode.Ok)
        {
            output.Failure(code, reason);
        }

        return (int)code;
    }

    private static async Task<(ExitCode Code, string Reason)> RunCatchingAsync(
        Func<CommandOutput, CancellationToken, Task> body,
        CommandOutput output,
        CancellationToken cancellationToken)
    {
        try
        {
            await body(output, cancellationToken).ConfigureAwait(false);
            return (ExitCode.Ok, string.Empty);
        }
        catch (CommandFailedException e)
        {
            return (e.ExitCode, e.Message);
        }
        catch (LogVerificationException e)
        {
            return (ExitCode.VerificationFailed, e.Message);
        }
        catch (ProofVerificationException e)
        {
            return (ExitCode.VerificationFailed, e.Message);
        }
        catch (NoteVerificationException e)
        {
            return (ExitCode.VerificationFailed, $"signature: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (ExitCode.Cancelled, "interrupted");
        }
        catch (OperationCanceledException e)
        {
            return (ExitCode.BadInput, $"timed out: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return (ExitCode.BadInput, $"HTTP request failed: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            return (ExitCode.BadInput, e.Message);
        }
#pragma warning disable CA1031 // The CLI's contract is an exit code and one line, whatever went wrong.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (ExitCode.InternalError, $"unexpected {e.GetType().Name}: {e.Message}");
        }
    }
}
