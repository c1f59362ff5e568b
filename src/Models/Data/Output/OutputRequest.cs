namespace GrnGpu.Models.Data.Output;

/// <summary>What an <see cref="OutputFolder"/> may replace, and what a set of its kind looked like before manifests.</summary>
public sealed record OutputRequest(string Kind, string Command)
{
    /// <summary>False: an existing set of the same kind is refused (e.g. synth without --force). Default true.</summary>
    public bool MayReplace { get; init; } = true;

    /// <summary>The option that named the folder, for messages ("--out").</summary>
    public string Option { get; init; } = "--out";

    /// <summary>
    /// Top-level names a set of this kind held before sets had manifests: a folder holding only these (and hidden
    /// files) is taken for an old set of this kind and may be replaced. Anything else in a folder without a manifest
    /// makes it foreign, and a foreign folder is never replaced (its files would be lost).
    /// </summary>
    public IReadOnlyCollection<string> LegacyNames { get; init; } = [];

    /// <summary>
    /// True: the newest staging folder a dead run left is taken over as this run's staging folder, files and all,
    /// instead of being deleted (<see cref="OutputFolder.Adopted"/> says so): a long job such as training writes its
    /// checkpoints into the staging folder and, killed, resumes from them. Default false: every leftover is deleted.
    /// </summary>
    public bool AdoptStaging { get; init; }
}
