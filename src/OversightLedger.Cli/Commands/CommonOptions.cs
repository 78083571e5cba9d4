using System.CommandLine;

namespace OversightLedger.Cli.Commands;

/// <summary>Options several commands share; each command gets its own instances.</summary>
internal static class CommonOptions
{
    public static Option<string> Log() => new("--log")
    {
        Description = "The log: a directory in the C2SP tlog-tiles layout, or the http(s) URL it is served under (the folder holding 'checkpoint' and 'tile/').",
        HelpName = "DIR|URL",
        Required = true,
    };

    public static Option<string> VerifierKey() => new("--vkey")
    {
        Description = "The log's verifier key: the key string <name>+<8 hex>+<base64>, or a file holding it (such as the .vkey file 'log init' writes).",
        HelpName = "KEY",
        Required = true,
    };

    /// <summary><c>--json</c> for a command that gives a verdict.</summary>
    public static Option<bool> VerdictJson() => new("--json")
    {
        Description = "Write the result as one JSON object on stdout: {\"verified\":true,…}, or {\"verified\":false,\"reason\":…} when something "
            + "does not verify (exit 1), or {\"verified\":false,\"error\":…} for bad input (exit 2).",
    };

    /// <summary><c>--json</c> for a command that does something rather than judge.</summary>
    public static Option<bool> Json() => new("--json")
    {
        Description = "Write the result as one JSON object on stdout ({\"error\":…} on failure).",
    };

    /// <summary><c>--witness</c>: a witness whose cosignature counts towards <c>--quorum</c> (repeatable, or <c>@FILE</c>).</summary>
    public static Option<string[]> Witnesses() => new("--witness")
    {
        Description = "A witness's cosignature/v1 verifier key (<name>+<8 hex>+<base64>), or @FILE with one key a line; repeat for more. "
            + "The checkpoint must then carry valid cosignatures from at least --quorum of them (exit 1 naming who is missing). "
            + "Without it, cosignatures are not checked (a note on stderr says so).",
        HelpName = "VKEY|@FILE",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary><c>--quorum</c>: how many of the <c>--witness</c> keys must have cosigned.</summary>
    public static Option<int?> Quorum() => new("--quorum")
    {
        Description = "How many distinct --witness keys must have validly cosigned the checkpoint (default 1 when --witness is given).",
        HelpName = "K",
    };
}
