using System.Diagnostics;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>
/// A real `grn train` process killed with SIGKILL mid-run, then resumed, ends with weights and optimiser state
/// bit-identical to an uninterrupted run with the same seed, and loses at most the epoch it was in.
/// </summary>
public class KillResumeTests(SyntheticSet data) : IClassFixture<SyntheticSet>
{
    private string[] Train(string run) =>
        ["train", "--model", "rna", .. data.RnaData, "--split", "random", "--epochs", "3", "--batch", "16", "--bn-batches", "2",
         "--baselines", "none", "--seed", "5", "--device", "cpu", "--out", run];

    [Fact]
    public void KilledAndResumedRunEqualsAnUninterruptedOne()
    {
        string whole = data.Scratch("whole"), killed = data.Scratch("killed");
        var reference = CliRunner.Run(Train(whole));
        Assert.True(reference.ExitCode == 0, reference.Stderr);

        // Kill mid-way through epoch 2: after epoch 1's checkpoint is committed, at a moment inside the next epoch.
        using (var process = StartGrn(Train(killed)))
        {
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (!File.Exists(Path.Combine(killed, "last", "state.json")) && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.False(process.HasExited, "the run ended before it could be killed");
            Thread.Sleep(1500);
            process.Kill();
            process.WaitForExit();
        }
        Assert.True(Directory.Exists(Path.Combine(killed, "last")) || Directory.Exists(Path.Combine(killed, ".last.old")), "no whole checkpoint after the kill");
        Assert.False(File.Exists(Path.Combine(killed, "metrics.json")));

        var resumed = CliRunner.Run("train", "--resume", killed, "--device", "cpu");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        Assert.Contains("resuming after epoch", resumed.Stdout);

        foreach (var file in new[] { "last/model.safetensors", "last/model.optimizer.safetensors", "best.safetensors" })
        {
            var a = SafeTensorsFile.Read(Path.Combine(whole, file)).Tensors;
            var b = SafeTensorsFile.Read(Path.Combine(killed, file)).Tensors;
            Assert.Equal(a.Select(t => t.Name), b.Select(t => t.Name));
            for (int i = 0; i < a.Count; i++)
                Assert.True(a[i].Data.AsSpan().SequenceEqual(b[i].Data), $"{file}: {a[i].Name} differs after resume");
        }
        var x = RunReport.Read(Path.Combine(whole, "metrics.json"));
        var y = RunReport.Read(Path.Combine(killed, "metrics.json"));
        Assert.Equal(x.Test, y.Test);
        Assert.Equal(File.ReadAllLines(Path.Combine(whole, "history.csv")).Length, File.ReadAllLines(Path.Combine(killed, "history.csv")).Length);
    }

    [Fact]
    public void AKillBeforeTheFirstEpochEndsRestartsFromScratch()
    {
        string run = data.Scratch("early");
        using (var process = StartGrn(Train(run)))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(Path.Combine(run, "config.json")) && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(10);
            process.Kill();
            process.WaitForExit();
        }
        Assert.False(Directory.Exists(Path.Combine(run, "last")));
        var resumed = CliRunner.Run("train", "--resume", run, "--device", "cpu", "--epochs", "1");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        Assert.True(File.Exists(Path.Combine(run, "metrics.json")));
    }

    private static Process StartGrn(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "grn.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
