namespace GrnGpu.Models.Data.Output;

/// <summary>
/// Named points in the write path where the fault-injection tests stop a real `grn` process. With the environment
/// variable <c>GRN_TEST_PAUSE_AT=NAME</c> (or <c>NAME@K</c>: the K-th time that point is reached, 1-based) the
/// process prints <c>grn-fault-point: NAME</c> on stderr when it gets there and waits forever, so a test can
/// <c>kill -9</c> it at exactly that place. With <c>GRN_TEST_RESUME_FILE=PATH</c> as well, it waits only until that
/// file exists and then goes on (to hold a lock while a second writer is tried). Unset (always, outside tests),
/// <see cref="Reach"/> is one null check.
/// </summary>
public static class FaultPoint
{
    public const string Variable = "GRN_TEST_PAUSE_AT";
    private static readonly string? Spec = Environment.GetEnvironmentVariable(Variable);
    private static int _hits;

    /// <summary>Marks that the write path reached <paramref name="name"/>; pauses there when the test variable names it.</summary>
    public static void Reach(string name)
    {
        if (Spec == null) return;
        int at = Spec.IndexOf('@');
        string wanted = at < 0 ? Spec : Spec[..at];
        if (!string.Equals(wanted, name, StringComparison.Ordinal)) return;
        int target = at < 0 ? 1 : int.Parse(Spec[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (Interlocked.Increment(ref _hits) != target) return;
        Console.Error.WriteLine($"grn-fault-point: {Spec}");
        Console.Error.Flush();
        string? resume = Environment.GetEnvironmentVariable("GRN_TEST_RESUME_FILE");
        if (resume == null) Thread.Sleep(Timeout.Infinite);
        while (!File.Exists(resume)) Thread.Sleep(20);
    }
}
