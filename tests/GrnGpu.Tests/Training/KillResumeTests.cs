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
    private string[] Train(string run, int epochs = 3) =>
        ["train", "--model", "rna", .. data.RnaData, "--split", "random", "--epochs", $"{epochs}", "--batch", "16", "--bn-batches", "2",
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

    [Fact]
    public void APatienceAlreadyUsedUpEndsAResumedRunWithoutAnotherEpoch()
    {
        // A finished 4-epoch run whose last epochs did not improve, continued with --epochs 8 and a patience it has
        // already spent: it stops at once and tests the same best epoch, as an early-stopped run would have.
        string run = data.Scratch("patience");
        var first = CliRunner.Run([.. Train(run, epochs: 4), "--lr", "0.3", "--monitor", "val-loss"]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var state = System.Text.Json.JsonSerializer.Deserialize<RunState>(File.ReadAllText(Path.Combine(run, "last", "state.json")), TrainOptions.Json)!;
        Assert.True(state.EpochsWithoutImprovement >= 1, $"precondition: the toy run improved in its last epoch ({state.BestEpoch} of {state.EpochsDone})");

        // Resumed on another thread count too: the sums run in another order, and the run says so.
        int threads = Environment.ProcessorCount + 1;
        var resumed = CliRunner.Run("train", "--resume", run, "--device", "cpu", "--threads", $"{threads}", "--epochs", "8",
                                    "--early-stop", $"{state.EpochsWithoutImprovement}");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        string trainedOn = $"{Environment.ProcessorCount} thread{(Environment.ProcessorCount == 1 ? "" : "s")}, C# SIMD kernels) and continues on cpu (";
        Assert.Contains(trainedOn, resumed.Stdout);
        Assert.Contains($"{threads} threads, C# SIMD kernels): its weights may differ", resumed.Stdout);
        Assert.Contains($"early stop: no improvement of val_loss for {state.EpochsWithoutImprovement} epochs", resumed.Stdout);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(run, "history.csv")).Length);
        var report = RunReport.Read(Path.Combine(run, "metrics.json"));
        Assert.Equal((state.BestEpoch, 4), (report.BestEpoch, report.EpochsRun));
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
