using System.Globalization;
using GrnGpu.Models.Training;
using Spectre.Console;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// Shows a training run: on a terminal a Spectre.Console progress bar per epoch (loss, accuracy, samples/s, time
/// left); when the output is redirected (logs, CI, tests) one plain line per epoch instead of redrawn bars.
/// </summary>
public static class TrainingConsole
{
    public static T Run<T>(Func<ITrainingProgress, T> body)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return body(new PlainProgress());
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => result = body(new BarProgress(context)));
        return result;
    }

    public static string Line(EpochRecord r, bool improved) => string.Format(CultureInfo.InvariantCulture,
        "epoch {0}: loss {1:F4} acc {2:F4} | val loss {3:F4} acc {4:F4} auroc {5:F4} | lr {6:G3} | {7:F1} s, {8:F1} samples/s{9}",
        r.Epoch, r.Loss, r.Accuracy, r.ValLoss, r.ValAccuracy, r.ValAuroc, r.LearningRate, r.Seconds, r.SamplesPerSecond, improved ? " *best" : "");

    private sealed class PlainProgress : ITrainingProgress
    {
        public void EpochStarted(int epoch, int epochs, int batches) { }
        public void StepDone(int epoch, int batch, double loss, double accuracy, double samplesPerSecond) { }
        public void EpochDone(EpochRecord record, bool improved) => Console.WriteLine(Line(record, improved));
        public void Note(string message) => Console.WriteLine(message);
    }

    private sealed class BarProgress(ProgressContext context) : ITrainingProgress
    {
        private ProgressTask? _task;
        private int _epochs;

        public void EpochStarted(int epoch, int epochs, int batches)
        {
            _epochs = epochs;
            _task = context.AddTask($"epoch {epoch + 1}/{epochs}", maxValue: Math.Max(batches, 1));
        }

        public void StepDone(int epoch, int batch, double loss, double accuracy, double samplesPerSecond)
        {
            if (_task == null) return;
            _task.Description = string.Format(CultureInfo.InvariantCulture, "epoch {0}/{1} loss {2:F4} acc {3:F3} {4:F1}/s", epoch + 1, _epochs, loss, accuracy, samplesPerSecond);
            _task.Value = batch;
        }

        public void EpochDone(EpochRecord record, bool improved)
        {
            if (_task != null)
            {
                _task.Description = Markup.Escape(Line(record, improved));
                _task.StopTask();
            }
        }

        public void Note(string message) => AnsiConsole.MarkupLine(Markup.Escape(message));
    }
}
