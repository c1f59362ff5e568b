using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace GrnGpu.Tests.Cli.Slurm;

/// <summary>
/// A real one-node Slurm (Debian's slurm-wlm 22.05) started for one test: its own munged (own key and socket),
/// slurmctld and slurmd, all as root, with a slurm.conf written into a scratch folder and ports chosen free, so it
/// neither needs nor touches a Slurm the machine may already run. Stopped (scontrol shutdown, then munged) on Dispose.
///
/// Accounting: sacct reads only slurmdbd, which needs a MariaDB server; instead the controller writes one line per
/// finished job to a completion file (JobCompType=jobcomp/filetxt) with the same JobState, exit code, start and end
/// times sacct would show, and <see cref="Completed"/> reads it.
/// </summary>
public sealed class LocalSlurm : IDisposable
{
    private readonly TempFolder _dir = new();
    private string _conf = "", _completions = "", _mungePid = "";

    /// <summary>Where the daemons and client commands are; null where Slurm or munge is not installed.</summary>
    public static string? Missing()
    {
        var absent = new[] { "/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/bin/scontrol" }.Where(p => !File.Exists(p)).ToList();
        return absent.Count == 0 ? null : string.Join(", ", absent) + " not found (Debian packages slurm-wlm and munge)";
    }

    public LocalSlurm()
    {
        try
        {
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void Start()
    {
        string munge = _dir.File("munge");
        Directory.CreateDirectory(munge);
        // munged insists on a key readable by its user only, in a folder others cannot write.
        string key = Path.Combine(munge, "munge.key");
        File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(1024));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(munge, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        string socket = Path.Combine(munge, "socket");
        _mungePid = Path.Combine(munge, "munged.pid");
        Exec("/usr/sbin/munged", "--force", $"--socket={socket}", $"--key-file={key}", $"--pid-file={_mungePid}",
            $"--log-file={Path.Combine(munge, "munged.log")}", $"--seed-file={Path.Combine(munge, "seed")}");

        Directory.CreateDirectory(_dir.File("state"));
        Directory.CreateDirectory(_dir.File("spool"));
        _completions = _dir.File("completions.txt");
        string host = System.Environment.MachineName.Split('.')[0];
        int cpus = Math.Max(2, System.Environment.ProcessorCount);
        _conf = _dir.Write("slurm.conf", string.Join('\n',
            "ClusterName=grntest",
            $"SlurmctldHost={host}(127.0.0.1)",
            $"SlurmctldPort={FreePort()}",
            $"SlurmdPort={FreePort()}",
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            "CredType=cred/munge",
            $"AuthInfo=socket={socket}",
            $"StateSaveLocation={_dir.File("state")}",
            $"SlurmdSpoolDir={_dir.File("spool")}",
            $"SlurmctldPidFile={_dir.File("slurmctld.pid")}",
            $"SlurmdPidFile={_dir.File("slurmd.pid")}",
            $"SlurmctldLogFile={_dir.File("slurmctld.log")}",
            $"SlurmdLogFile={_dir.File("slurmd.log")}",
            // A container has no usable cgroups: track processes through /proc, bind no tasks.
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_CPU",
            "SchedulerType=sched/builtin",
            "MpiDefault=none",
            "ReturnToService=2",
            // No slurmdbd: completions go to a text file; finished jobs stay in scontrol for an hour.
            "AccountingStorageType=accounting_storage/none",
            "JobAcctGatherType=jobacct_gather/none",
            "JobCompType=jobcomp/filetxt",
            $"JobCompLoc={_completions}",
            "MinJobAge=3600",
            // A task past its time limit gets SIGTERM, then SIGKILL 2 s later (default 30 s).
            "KillWait=2",
            // The node is what this file says, whatever the hardware (two tasks may run at once even on one core).
            "SlurmdParameters=config_overrides",
            $"NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} State=UNKNOWN",
            "PartitionName=grn Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
            ""));
        Environment = new Dictionary<string, string> { ["SLURM_CONF"] = _conf };
        Exec("/usr/sbin/slurmctld", "-f", _conf);
        Exec("/usr/sbin/slurmd", "-f", _conf);
        WaitUntilIdle(TimeSpan.FromSeconds(30));
    }

    /// <summary>What a client (sbatch, or grn calling it) needs in its environment to reach this cluster.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    /// <summary>One line of the completion file: a finished job (an array task is a job of its own).</summary>
    public sealed record Job(long JobId, string Name, string State, long? ArrayJobId, int? ArrayTaskId, DateTime Start, DateTime End, string ExitCode);

    /// <summary>Every job finished so far.</summary>
    public List<Job> Completed()
    {
        if (!File.Exists(_completions)) return [];
        var jobs = new List<Job>();
        foreach (var line in File.ReadAllLines(_completions).Where(l => l.Length > 0))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Split('=', 2)).Where(p => p.Length == 2)
                .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
            DateTime Time(string k) => DateTime.ParseExact(f[k], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            jobs.Add(new Job(long.Parse(f["JobId"], CultureInfo.InvariantCulture), f["Name"], f["JobState"],
                f.TryGetValue("ArrayJobId", out var a) ? long.Parse(a, CultureInfo.InvariantCulture) : null,
                f.TryGetValue("ArrayTaskId", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : null,
                Time("StartTime"), Time("EndTime"), f.GetValueOrDefault("ExitCode", "?")));
        }
        return jobs;
    }

    /// <summary>Waits until the array job's <paramref name="tasks"/> tasks and the jobs <paramref name="others"/> have all finished.</summary>
    public List<Job> WaitFor(long arrayJob, int tasks, IEnumerable<long> others, TimeSpan timeout)
    {
        var want = others.ToHashSet();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var done = Completed();
            var mine = done.Where(j => j.ArrayJobId == arrayJob || want.Contains(j.JobId)).ToList();
            if (mine.Count(j => j.ArrayJobId == arrayJob) >= tasks && want.All(id => done.Any(j => j.JobId == id))) return mine;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Slurm jobs not finished after {timeout.TotalSeconds:F0} s; queue:\n{Client("squeue", "--states=all")}");
            Thread.Sleep(500);
        }
    }

    /// <summary>Runs a Slurm client command against this cluster and returns its output (stdout and stderr).</summary>
    public string Client(string command, params string[] args) => RunProcess(command, args, Environment).Output;

    /// <summary>
    /// Runs a program to its end: exit code, stdout then stderr. Its stdin is a closed pipe, so neither it nor a
    /// daemon it leaves behind shares the test process's stdin.
    /// </summary>
    public static (int Code, string Output) RunProcess(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    /// <summary>The controller's and node daemon's logs, for a failure message.</summary>
    public string Logs() => string.Join('\n', new[] { "slurmctld.log", "slurmd.log" }.Where(f => File.Exists(_dir.File(f)))
        .Select(f => $"--- {f}\n" + string.Join('\n', File.ReadLines(_dir.File(f)).TakeLast(20))));

    private void WaitUntilIdle(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string state = "";
        while (clock.Elapsed < timeout)
        {
            state = Client("/usr/bin/sinfo", "-h", "-o", "%T").Trim();
            if (state == "idle") return;
            Thread.Sleep(300);
        }
        throw new InvalidOperationException($"the Slurm node did not become idle in {timeout.TotalSeconds:F0} s (state '{state}')\n{Logs()}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts a daemon (it forks into the background) and fails with its output if it could not.</summary>
    private static void Exec(string path, params string[] args)
    {
        var (code, output) = RunProcess(path, args);
        if (code != 0) throw new InvalidOperationException($"{path} failed ({code}): {output}");
    }

    public void Dispose()
    {
        // scontrol shutdown stops slurmctld and every slurmd; then munged. A pid file may outlive its daemon and its pid
        // be reused by another process (pids wrap quickly on a busy machine): only a process of the daemon's name is touched.
        if (File.Exists(_conf))
            try { Client("/usr/bin/scontrol", "shutdown"); } catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
        Stop(_dir.File("slurmctld.pid"), "slurmctld", kill: false);
        Stop(_dir.File("slurmd.pid"), "slurmd", kill: false);
        if (_mungePid.Length > 0) Stop(_mungePid, "munged", kill: true);
        _dir.Dispose();
    }

    /// <summary>
    /// Waits up to 10 s for the daemon whose pid file this is to end (or kills it at once with <paramref name="kill"/>);
    /// one still running after that is killed.
    /// </summary>
    private static void Stop(string pidFile, string name, bool kill)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid)) return;
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.ProcessName != name) return;
            if (kill || !p.WaitForExit(TimeSpan.FromSeconds(10))) p.Kill();
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
    }
}
