using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace OversightLedger.Cli.Execution;

/// <summary>Parses the arguments and runs the chosen command; a parse error is bad usage (exit 2), in one line.</summary>
internal static class CommandLineInvocation
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        // No response files: '@FILE' is an argument of its own (--witness @FILE reads witness keys, one a line).
        ParseResult parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is ParseErrorAction)
        {
            string errors = string.Join(" ", parseResult.Errors.Select(error => error.Message));
            await Console.Error.WriteLineAsync($"error: {errors} (see '{CommandPath(parseResult.CommandResult)} --help')").ConfigureAwait(false);
            return (int)ExitCode.BadInput;
        }

        return await parseResult.InvokeAsync().ConfigureAwait(false);
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Push(command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
