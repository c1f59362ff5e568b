using System.CommandLine;
using System.Text.RegularExpressions;

namespace GrnGpu.Cli.Common;

/// <summary>
/// Command-line mistakes as one line each, in the words the other errors use. System.CommandLine's own messages name
/// .NET types ("as expected type 'System.Nullable`1[System.Int32]'") and are followed by the whole help text; here each
/// becomes "grn: error: ..." with the command whose --help lists the options, and the exit code of every refused input.
/// </summary>
public static partial class ParseErrors
{
    public const int ExitCode = 2;
    private const string NoCommand = "Required command was not provided";

    /// <summary>Writes the parse's errors to stderr and returns the exit code, or returns null when it has none.</summary>
    public static int? Report(ParseResult parse)
    {
        if (parse.Errors.Count == 0) return null;
        var command = parse.CommandResult.Command;
        string path = CommandPath(command);
        var messages = parse.Errors.Select(e => e.Message).Distinct().ToList();
        var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (subcommands.Count > 0)
        {
            // A command of commands: an unknown word is an unknown command, and none at all asks for one.
            var unknown = messages.Select(m => Unrecognized().Match(m)).FirstOrDefault(m => m.Success && !m.Groups["token"].Value.StartsWith('-'));
            string choices = string.Join(", ", subcommands);
            if (unknown != null)
            {
                Console.Error.WriteLine($"grn: error: unknown command '{unknown.Groups["token"].Value}' for '{path}': expected one of {choices}");
                return ExitCode;
            }
            if (messages.Any(m => m.StartsWith(NoCommand, StringComparison.Ordinal)))
            {
                Console.Error.WriteLine($"grn: error: '{path}' needs a command: one of {choices} (see '{path} --help')");
                return ExitCode;
            }
        }
        foreach (var message in messages)
            Console.Error.WriteLine($"grn: error: {Describe(message)} (see '{path} --help')");
        return ExitCode;
    }

    /// <summary>One parse message in plain words: what was given, for which option, and what was expected.</summary>
    public static string Describe(string message)
    {
        var m = CannotParse().Match(message);
        if (m.Success)
            return $"{m.Groups["option"].Value}: '{m.Groups["value"].Value}' is not {Expected(m.Groups["type"].Value)}";
        m = Unrecognized().Match(message);
        if (m.Success)
            return m.Groups["token"].Value.StartsWith('-') ? $"unknown option {m.Groups["token"].Value}" : $"unexpected argument '{m.Groups["token"].Value}'";
        m = MissingValue().Match(message);
        if (m.Success) return $"{m.Groups["option"].Value} needs a value";
        return message.TrimEnd('.');
    }

    private static string Expected(string type)
    {
        var inner = NullableOf().Match(type);
        if (inner.Success) type = inner.Groups["inner"].Value;
        return type switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            _ => "a value this option takes",
        };
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c != null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Add(c is RootCommand ? "grn" : c.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Required argument missing for option: '(?<option>[^']+)'")]
    private static partial Regex MissingValue();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^\]]+)\]$")]
    private static partial Regex NullableOf();
}
