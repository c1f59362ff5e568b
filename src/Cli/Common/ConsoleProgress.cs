using GrnGpu.Models.Data;
using Spectre.Console;

namespace GrnGpu.Cli.Common;

/// <summary>
/// Shows a long command's <see cref="IWorkProgress"/> as Spectre.Console progress bars on stderr, only when both
/// stdout and stderr are a terminal: redirected output (tests, CI logs, pipes) gets no bars and no control codes.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>True when bars are drawn; GRN_NO_PROGRESS=1 turns them off.</summary>
    public static bool Enabled =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("GRN_NO_PROGRESS") != "1";

    public static T Run<T>(Func<IWorkProgress, T> work)
    {
        if (!Enabled) return work(NoProgress.Instance);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => { result = work(new Bars(context)); });
        return result;
    }

    private sealed class Bars(ProgressContext context) : IWorkProgress
    {
        private readonly Lock _gate = new();
        private ProgressTask? _current;

        public void Stage(string name, long total)
        {
            lock (_gate)
            {
                if (_current != null) _current.Value = _current.MaxValue;
                _current = context.AddTask(Markup.Escape(name), maxValue: Math.Max(1, total));
            }
        }

        public void Advance(long steps = 1)
        {
            lock (_gate) _current?.Increment(steps);
        }
    }
}
