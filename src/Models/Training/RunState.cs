namespace GrnGpu.Models.Training;

/// <summary>One line of history.csv: an epoch's training and validation figures.</summary>
public sealed record EpochRecord(int Epoch, double Loss, double Accuracy, double ValLoss, double ValAccuracy, double ValAuroc,
    double LearningRate, double Seconds, double SamplesPerSecond);

/// <summary>
/// The training loop's own state after an epoch, saved with the weights and the Adam state in the run's
/// <c>last/</c> checkpoint: with them a resumed run continues exactly (the shuffle order and the dropout masks are
/// functions of the seed, the epoch and the step, so they need no state of their own).
/// </summary>
public sealed record RunState(int EpochsDone, int Steps, int BestEpoch, double BestScore, double BestLoss, int EpochsWithoutImprovement,
    bool Stopped, IReadOnlyList<EpochRecord> History);
