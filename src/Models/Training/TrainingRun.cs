using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Baselines;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>What a training run tells its user while it works (the CLI draws a progress bar or prints lines).</summary>
public interface ITrainingProgress
{
    void EpochStarted(int epoch, int epochs, int batches);
    /// <summary>After each step: the epoch's running mean loss and accuracy so far, and its throughput.</summary>
    void StepDone(int epoch, int batch, double loss, double accuracy, double samplesPerSecond);
    void EpochDone(EpochRecord record, bool improved);
    void Note(string message);
}

/// <summary>The gene pairs of one fold, as indices into <see cref="TrainingData.Pairs"/>.</summary>
public sealed record FoldPairs(int Fold, int[] Train, int[] Validation, int[] Test);

/// <summary>
/// Keras' fit, for the three networks: epochs of shuffled batches through <see cref="Trainer.Step"/>, validation
/// after each, best.safetensors kept by the monitored validation number, the last/ checkpoint committed every epoch,
/// early stopping and step decay; then the best weights scored on the test fold beside the baselines.
/// </summary>
public static class TrainingRun
{
    /// <summary>config.json: the options plus where and with what it ran.</summary>
    public sealed record RunConfig(TrainOptions Options, string Device, string Version, string Command);

    public static RunConfig ReadConfig(string runDir)
    {
        string path = Path.Combine(runDir, RunFolder.ConfigFile);
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(path), TrainOptions.Json) ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            throw new GrnException($"{path}: not a grn run configuration ({e.Message})");
        }
    }

    public static string Version => typeof(TrainingRun).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>Cuts the usable pairs into folds and returns fold <see cref="TrainOptions.Fold"/>, checking both classes are on every side.</summary>
    public static FoldPairs CutFold(TrainingData data, TrainOptions options)
    {
        var usable = data.Usable;
        var splits = Splits.Make(options.Split, usable.Select(i => data.Pairs[i]).ToList(), options.Folds, (int)(options.SplitSeed ?? options.Seed));
        var split = splits[options.Fold];
        int[] Map(int[] indices) => indices.Select(i => usable[i]).ToArray();
        var fold = new FoldPairs(split.Fold, Map(split.Train), Map(split.Validation), Map(split.Test));
        foreach (var (name, pairs) in new[] { ("training", fold.Train), ("validation", fold.Validation), ("test", fold.Test) })
        {
            if (pairs.Length == 0)
                throw new GrnDataException($"fold {fold.Fold} of the {options.Split.ToString().ToLowerInvariant()} split has no {name} pairs ({usable.Length} usable pairs in {options.Folds} folds)");
            // A one-class test fold still trains and is scored: its AUROC is undefined, said in its report and left
            // out of a cv mean (a held-out-TF fold can be that uneven); training and validation need both classes.
            if (name == "test") continue;
            int positives = pairs.Count(p => data.Label(p) == 1);
            if (positives == 0 || positives == pairs.Length)
                throw new GrnDataException($"fold {fold.Fold}: the {name} pairs are all of class {(positives == 0 ? 0 : 1)} ({pairs.Length} pairs); " +
                                           "metrics and training need both classes: use more pairs, fewer folds or another --split");
        }
        return fold;
    }

    /// <summary>
    /// Trains (or, with <paramref name="resume"/>, continues) the run in <paramref name="runDir"/>. The inputs are read
    /// and checked before a new run's folder is created, and a new run that fails before its first checkpoint removes
    /// what it made, so its retry is never refused. A resumed run may change only <see cref="TrainOptions.Epochs"/>
    /// (not below the epochs done) and <see cref="TrainOptions.EarlyStop"/>; config.json is rewritten to say so.
    /// The manifest (every file's SHA-256) is written last: a folder without one is an unfinished run.
    /// </summary>
    /// <param name="writeReport">
    /// Draws the finished run's charts and report.html from the files in its folder (the CLI passes
    /// <c>Report.ReportFiles.WriteRun</c>); called before the manifest, which lists them. A parameter because the report
    /// reads what this namespace writes: Training.Report depends on Training, not the other way.
    /// </param>
    public static RunReport Fit(TrainOptions options, ComputeDevice device, string runDir, bool resume, ITrainingProgress progress,
        Action<string> writeReport, string command = "")
    {
        options.Validate();
        string commandLine = string.IsNullOrEmpty(command) ? "grn train" : command;
        using var folder = RunFolder.Open(runDir, resume, commandLine);
        try
        {
            return Fit(options, device, folder, resume, progress, writeReport, commandLine);
        }
        catch
        {
            if (!resume && folder.LastCheckpoint() == null) folder.RemoveUnstarted();
            throw;
        }
    }

    /// <summary>The options a resumed run may change: everything else is refused (the run would no longer be the one its files describe).</summary>
    public static void RequireResumable(TrainOptions saved, TrainOptions given, string runDir)
    {
        var a = JsonSerializer.SerializeToNode(saved with { Epochs = 0, EarlyStop = null, Stack = false }, Json)!.AsObject();
        var b = JsonSerializer.SerializeToNode(given with { Epochs = 0, EarlyStop = null, Stack = false }, Json)!.AsObject();
        foreach (var (name, value) in a)
            if (!JsonNode.DeepEquals(value, b[name]))
                throw new GrnException($"{runDir}: {OptionName(name)} cannot change when a run is resumed (it was trained with {value?.ToJsonString() ?? "none"}); " +
                                       "only --epochs, --early-stop and --stack can; start a new run with another --out");
    }

    /// <summary>The command-line option of a config.json property, for messages.</summary>
    public static string OptionName(string property) => property switch
    {
        "learningRate" => "--lr",
        "learningRateSteps" => "--lr-steps",
        "batchSize" => "--batch",
        "batchNormBatches" => "--bn-batches",
        "earlyStop" => "--early-stop",
        "imageHeight" or "imageWidth" => "--image-size",
        "data" => "the data (--model, --pairs, --expression, --images and their options)",
        "learningRateFactor" => "the learning-rate factor",
        _ => "--" + JsonNamingPolicy.KebabCaseLower.ConvertName(property),
    };

    private static readonly JsonSerializerOptions Json = TrainOptions.Json;

    private static RunReport Fit(TrainOptions options, ComputeDevice device, RunFolder folder, bool resume, ITrainingProgress progress,
        Action<string> writeReport, string command)
    {
        var clock = Stopwatch.StartNew();
        RunConfig? saved = resume ? ReadConfig(folder.Root) : null;
        if (saved != null) RequireResumable(saved.Options, options, folder.Root);
        if (saved != null && saved.Device != device.ToString())
            progress.Note($"this run was trained on {saved.Device} and continues on {device}: its weights may differ from those " +
                          "of a run that never stopped (another device or thread count may add in another order)");

        // Every input is read and checked before anything is written.
        var dimensions = options.Dimensions();
        var data = TrainingData.Load(options.Data, dimensions, progress.Note);
        if (!data.HasLabels) throw new GrnDataException($"{options.Data.PairsFile}: training needs a label (0 or 1) on every pair");
        var fold = CutFold(data, options);

        var network = NetworkFactory.Create(options.Model, dimensions, (int)options.Seed);
        using var model = new Model(network, device);
        using var trainer = new Trainer(model, options.Schedule(), options.Seed);
        var train = data.Samples(network, fold.Train);
        var validation = data.Samples(network, fold.Validation);
        var test = data.Samples(network, fold.Test);

        if (!resume)
        {
            folder.Create();
            AtomicFile.WriteAllText(folder.File(RunFolder.ConfigFile), JsonSerializer.Serialize(new RunConfig(options, device.ToString(), Version, command), Json));
        }
        progress.Note($"{options.Model.Name()}: {fold.Train.Length} training, {fold.Validation.Length} validation, {fold.Test.Length} test gene pairs" +
                      (data.Images != null ? $" ({train.Count}, {validation.Count}, {test.Count} image pairs)" : "") + $" on {device.ToString()}");

        var state = new RunState(0, 0, -1, double.NaN, double.NaN, 0, false, []);
        if (folder.LastCheckpoint() is string last)
        {
            string weights = Path.Combine(last, RunFolder.LastWeights);
            model.LoadWeights(weights);
            model.LoadOptimizer(weights, trainer.Optimizer);
            state = JsonSerializer.Deserialize<RunState>(File.ReadAllText(Path.Combine(last, RunFolder.StateFile)), TrainOptions.Json)
                    ?? throw new GrnException($"{last}: empty loop state");
            if (state.Steps != trainer.Steps)
                throw new GrnException($"{last}: the checkpoint's files disagree (loop state at step {state.Steps}, optimiser at step {trainer.Steps})");
            if (options.Epochs < state.EpochsDone)
                throw new GrnException($"--epochs {options.Epochs}: the run in {folder.Root} has already finished {state.EpochsDone} epochs; give --epochs {state.EpochsDone} or more");
            progress.Note($"resuming after epoch {state.EpochsDone} (step {state.Steps})");
        }
        else if (resume) progress.Note("no finished epoch to resume from: starting at epoch 1");
        if (saved != null)
        {
            folder.MarkUnfinished();
            if (JsonSerializer.Serialize(saved.Options, Json) != JsonSerializer.Serialize(options, Json))
                AtomicFile.WriteAllText(folder.File(RunFolder.ConfigFile), JsonSerializer.Serialize(saved with { Options = options }, Json));
            // A longer run, or another patience, can go on after an early stop; a patience the run has already used up
            // stops it now, without another epoch: its best epoch lies before the point where that patience would
            // have stopped it, so the weights it tests are the ones an early-stopped run would have kept.
            bool patienceUsedUp = options.EarlyStop is int patience && state.EpochsWithoutImprovement >= patience;
            if (patienceUsedUp && !state.Stopped)
                progress.Note($"early stop: no improvement of {Describe(options.Monitor)} for {state.EpochsWithoutImprovement} epochs " +
                              $"(--early-stop {options.EarlyStop}); the best epoch, {state.BestEpoch}, is tested");
            if (patienceUsedUp) state = state with { Stopped = true };
            else if (state.Stopped && options.Epochs > state.EpochsDone &&
                     (options.EarlyStop != saved.Options.EarlyStop || options.Epochs != saved.Options.Epochs))
                state = state with { Stopped = false };
        }

        var loader = new BatchLoader(train, options.BatchSize, options.Seed);
        for (int epoch = state.EpochsDone; epoch < options.Epochs && !state.Stopped; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            progress.EpochStarted(epoch, options.Epochs, loader.BatchCount);
            double lossSum = 0;
            int correct = 0, seen = 0, batchIndex = 0;
            foreach (var batch in loader.Epoch(epoch))
            {
                var inputs = train.Upload(device, batch);
                StepResult step;
                try
                {
                    step = trainer.Step(inputs, batch.Labels.AsSpan(0, batch.Count), epoch);
                }
                catch (OutOfDeviceMemoryException e) when (device.Info.Type == DeviceType.Gpu)
                {
                    throw new OutOfDeviceMemoryException($"{e.Message}; {BatchFit.Advice(options.Model, dimensions, device, options.BatchSize)}");
                }
                catch (TrainingDivergedException e)
                {
                    var genes = Enumerable.Range(0, batch.Count).Select(i => data.Pairs[train.GenePairOf(batch.SampleIds[i])])
                        .Take(3).Select(p => $"{p.Tf}->{p.Target}");
                    throw new TrainingDivergedException($"{e.Message}, batch {batch.Index + 1} of {loader.BatchCount} (first pairs {string.Join(", ", genes)}); " +
                                                        $"the last good checkpoint is {folder.LastCheckpoint() ?? "none (no epoch finished)"}. Try a lower --lr.");
                }
                finally
                {
                    foreach (var t in inputs) t.Dispose();
                }
                lossSum += step.Loss * step.Count;
                correct += step.Correct;
                seen += step.Count;
                batchIndex++;
                progress.StepDone(epoch, batchIndex, lossSum / seen, (double)correct / seen, seen / epochClock.Elapsed.TotalSeconds);
            }
            double trainSeconds = epochClock.Elapsed.TotalSeconds;

            Recalibrate(trainer, train, device, options);
            var val = PairScores.Compute(trainer, validation, data, options.BatchSize);
            double valAuroc = RankingMetrics.Auroc(val.Labels, val.Scores);
            double valAccuracy = BinaryMetrics.Compute(val.Labels, val.Scores, 0.5).Accuracy;
            var record = new EpochRecord(epoch + 1, lossSum / seen, (double)correct / seen, val.Loss, valAccuracy, valAuroc,
                options.Schedule().At(epoch), epochClock.Elapsed.TotalSeconds, seen / trainSeconds);

            double score = options.Monitor == Monitor.ValAuroc ? valAuroc : -val.Loss;
            bool improved = state.BestEpoch < 0 || score > state.BestScore || (score == state.BestScore && val.Loss < state.BestLoss);
            if (improved)
                model.SaveWeights(folder.File(RunFolder.BestWeights), epoch + 1, JsonSerializer.Serialize(record, TrainOptions.Json));
            int without = improved ? 0 : state.EpochsWithoutImprovement + 1;
            bool stop = options.EarlyStop is int patience && without >= patience;
            state = new RunState(epoch + 1, trainer.Steps, improved ? epoch + 1 : state.BestEpoch, improved ? score : state.BestScore,
                improved ? val.Loss : state.BestLoss, without, stop, [.. state.History, record]);
            var committed = state;
            folder.CommitCheckpoint(dir =>
            {
                string weights = Path.Combine(dir, RunFolder.LastWeights);
                model.SaveWeights(weights, committed.EpochsDone, JsonSerializer.Serialize(record, TrainOptions.Json));
                model.SaveOptimizer(weights, trainer.Optimizer);
                AtomicFile.WriteAllText(Path.Combine(dir, RunFolder.StateFile), JsonSerializer.Serialize(committed, TrainOptions.Json));
            });
            AtomicFile.WriteAllText(folder.File(RunFolder.HistoryFile), HistoryCsv(state.History));
            progress.EpochDone(record, improved);
            if (stop) progress.Note($"early stop: no improvement of {Describe(options.Monitor)} for {without} epochs");
        }

        // The test fold is scored once, by the best epoch's weights (their batch-norm statistics already recomputed).
        model.LoadWeights(folder.File(RunFolder.BestWeights));
        var bestVal = PairScores.Compute(trainer, validation, data, options.BatchSize);
        var testScores = PairScores.Compute(trainer, test, data, options.BatchSize);
        var (threshold, rule) = options.Threshold is double fixedThreshold
            ? (fixedThreshold, "fixed by --threshold")
            : ChooseThreshold(bestVal, "the validation gene pairs", progress.Note);
        if (testScores.Labels.Distinct().Count() < 2)
            progress.Note($"warning: the {testScores.Count} test gene pairs of fold {fold.Fold} are all of class {testScores.Labels[0]}: AUROC is undefined for this fold, " +
                          "and a cv summary leaves it out of the AUROC mean");
        var analysis = FoldScoring.Analyse(options, data, fold, testScores, bestVal, options.Stack, progress.Note);
        var report = new RunReport(
            options.Model.Name(), SplitName(options.Split), fold.Fold, options.Folds, device.ToString(), Describe(options.Monitor),
            state.BestEpoch, state.EpochsDone, threshold, rule, fold.Train.Length, fold.Validation.Length, fold.Test.Length, train.Count,
            BinaryMetrics.Compute(testScores.Labels, testScores.Scores, threshold),
            data.Images != null ? BinaryMetrics.Compute(testScores.SampleLabels, testScores.SampleScores, threshold) : null,
            BinaryMetrics.Compute(bestVal.Labels, bestVal.Scores, threshold),
            analysis.Baselines, clock.Elapsed.TotalSeconds, analysis.Comparisons, analysis.Strata, analysis.Stacked);
        AtomicFile.WriteAllText(folder.File(MetricsReportWriter.MetricsFile), report.ToJson());
        var predictions = testScores.GenePairs.Select((p, k) => new Prediction(data.Pairs[p].Tf, data.Pairs[p].Target, testScores.Labels[k], testScores.Scores[k], fold.Fold)).ToList();
        MetricsReportWriter.WritePredictions(predictions, folder.File(MetricsReportWriter.PredictionsFile));
        analysis.Table.Write(folder.File(ScoreTable.FileName));
        PredictionTable.WriteBaselines(report.Baselines, folder.File(PredictionTable.BaselineScoresFile));
        // Charts and report.html are drawn from the files just written, as `grn report` draws them.
        writeReport(folder.Root);
        folder.Finish(command, new Dictionary<string, JsonNode?>
        {
            ["model"] = options.Model.Name(), ["split"] = SplitName(options.Split), ["fold"] = fold.Fold, ["folds"] = options.Folds,
            ["epochs"] = state.EpochsDone, ["bestEpoch"] = state.BestEpoch,
        });
        return report;
    }

    /// <summary>
    /// The threshold that maximises accuracy on <paramref name="validation"/>; when the best it finds lies below or
    /// above every score (a validation set too small or too uneven to separate the classes, which would call every
    /// pair one class), 0.5, said by <paramref name="warn"/>.
    /// </summary>
    public static (double Threshold, string Rule) ChooseThreshold(PairScores validation, string what, Action<string> warn)
    {
        double chosen = ThresholdChooser.MaximiseAccuracy(validation.Labels, validation.Scores);
        if (double.IsFinite(chosen)) return (chosen, $"maximises accuracy on {what}");
        warn($"warning: the {validation.Labels.Length} {what} cannot pick a decision threshold (the most accurate one calls every pair " +
             $"{(double.IsNegativeInfinity(chosen) ? 1 : 0)}); using 0.5. Use more pairs or fewer folds for a chosen threshold, or set --threshold");
        return (0.5, $"0.5: {what} ({validation.Labels.Length}) could not pick one");
    }

    /// <summary>Recomputes batch-norm statistics over the first training batches of a fixed order (see <see cref="Trainer.RecalibrateBatchNorm"/>).</summary>
    public static void Recalibrate(Trainer trainer, ModelSamples train, ComputeDevice device, TrainOptions options)
    {
        if (options.BatchNormBatches == 0) return;
        var loader = new BatchLoader(train, options.BatchSize, options.Seed ^ 0x5EED, shuffle: true, dropLast: train.Count >= options.BatchSize);
        trainer.RecalibrateBatchNorm(Uploaded(loader.Epoch(0).Take(options.BatchNormBatches), train, device));
    }

    private static IEnumerable<IReadOnlyList<Tensor>> Uploaded(IEnumerable<SampleBatch> batches, ModelSamples samples, ComputeDevice device)
    {
        foreach (var batch in batches)
        {
            var inputs = samples.Upload(device, batch);
            try
            {
                yield return inputs;
            }
            finally
            {
                foreach (var t in inputs) t.Dispose();
            }
        }
    }

    public static string HistoryCsv(IEnumerable<EpochRecord> history)
    {
        var sb = new StringBuilder("epoch,loss,accuracy,val_loss,val_accuracy,val_auroc,learning_rate,seconds,samples_per_second\n");
        foreach (var r in history)
            sb.AppendLine(string.Join(',', new object[] { r.Epoch, r.Loss, r.Accuracy, r.ValLoss, r.ValAccuracy, r.ValAuroc, r.LearningRate, r.Seconds, r.SamplesPerSecond }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        return sb.ToString();
    }

    public static string Describe(Monitor monitor) => monitor == Monitor.ValAuroc ? "val_auroc" : "val_loss";

    public static string SplitName(SplitKind kind) => kind switch
    {
        SplitKind.Seed => "seed",
        SplitKind.Random => "random",
        SplitKind.TfHeldOut => "tf-held-out",
        SplitKind.TargetHeldOut => "target-held-out",
        _ => kind.ToString(),
    };
}
