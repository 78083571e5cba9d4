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

    /// <summary>Sets the bar's value directly (Progress&lt;T&gt; would post to the thread pool and lag).</summary>
    private sealed class TaskReporter(ProgressTask task) : IProgress<ulong>
    {
        public void Report(ulong value) => task.Value = value;
    }
}
