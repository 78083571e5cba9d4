using Spectre.Console;

namespace OversightLedger.Cli.Output;

/// <summary>
/// A progress bar on stderr, shown only when stderr is a terminal, so redirected output and scripts see nothing
/// of it.
/// </summary>
internal static class TerminalProgress
{
    /// <summary>Runs <paramref name="operation"/>, handing it a reporter of how many of <paramref name="total"/> items are done (null when no bar is shown).</summary>
    public static async Task RunAsync(string description, ulong total, Func<IProgress<ulong>?, Task> operation)
    {
        if (Console.IsErrorRedirected || total == 0)
        {
            await operation(null).ConfigureAwait(false);
            return;
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: total);
                await operation(new TaskReporter(task)).ConfigureAwait(false);
                task.Value = total;
            })
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Runs an upload of <paramref name="totalBytes"/> bytes and the wait for its answer: a bar of the bytes sent, then an
    /// indeterminate bar while the server works. <paramref name="operation"/> gets a reporter of bytes sent (null when no bar is shown).
    /// </summary>
    public static async Task<T> RunUploadAsync<T>(string description, ulong totalBytes, Func<IProgress<ulong>?, Task<T>> operation)
    {
        if (Console.IsErrorRedirected || totalBytes == 0)
        {
            return await operation(null).ConfigureAwait(false);
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask sending = context.AddTask(Markup.Escape($"{description}: sending"), autoStart: true, maxValue: totalBytes);
                var reporter = new UploadReporter(context, sending, totalBytes, Markup.Escape($"{description}: waiting for the ledger"));
                T result = await operation(reporter).ConfigureAwait(false);
                reporter.Complete();
                return result;
            })
            .ConfigureAwait(false);
    }

    /// <summary>Sets the bar's value directly (Progress&lt;T&gt; would post to the thread pool and lag).</summary>
    private sealed class TaskReporter(ProgressTask task) : IProgress<ulong>
    {
        public void Report(ulong value) => task.Value = value;
    }

    /// <summary>Shows bytes sent; once all are sent, an indeterminate bar until the answer comes.</summary>
    private sealed class UploadReporter(ProgressContext context, ProgressTask sending, ulong totalBytes, string waitingDescription) : IProgress<ulong>
    {
        private readonly Lock _lock = new();
        private ProgressTask? _waiting;

        public void Report(ulong value)
        {
            sending.Value = Math.Min(value, totalBytes);
            if (value < totalBytes)
            {
                return;
            }

            lock (_lock)
            {
                if (_waiting is null)
                {
                    sending.StopTask();
                    _waiting = context.AddTask(waitingDescription, autoStart: true, maxValue: 1);
                    _waiting.IsIndeterminate = true;
                }
            }
        }

        /// <summary>The answer came: every bar is finished.</summary>
        public void Complete()
        {
            sending.Value = totalBytes;
            lock (_lock)
            {
                _waiting?.Value = 1;
            }
        }
    }
}
