using Xunit;

namespace GrnGpu.Tests;

/// <summary>
/// Things a test needs from its machine. Where a thing is absent the test is skipped with the reason,
/// unless the variable named for it is set to 1 (CI sets them all), which turns the skip into a failure.
/// </summary>
public static class Requirements
{
    /// <summary>Skips (or, with <paramref name="requireVariable"/>=1, fails) when <paramref name="present"/> is false.</summary>
    public static void Need(bool present, string requireVariable, string reason)
    {
        if (present) return;
        if (Environment.GetEnvironmentVariable(requireVariable) == "1")
            Assert.Fail($"{reason} ({requireVariable}=1 makes this a failure)");
        Assert.Skip($"{reason} (set {requireVariable}=1 to fail instead)");
    }

    /// <summary>The repository root: the folder holding GrnGpu.sln, above the test binaries.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GrnGpu.sln"))) return dir.FullName;
        throw new InvalidOperationException("GrnGpu.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// A folder of ../shared/data (e.g. "seed-rna", "bdgp-sample"), or GRN_SHARED_DATA/NAME;
    /// skipped where absent unless GRN_REQUIRE_SHARED_DATA=1.
    /// </summary>
    public static string SharedData(string name)
    {
        string root = Environment.GetEnvironmentVariable("GRN_SHARED_DATA")
            ?? Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data"));
        string path = Path.Combine(root, name);
        Need(Directory.Exists(path), "GRN_REQUIRE_SHARED_DATA", $"shared data folder {path} is absent");
        return path;
    }
}
