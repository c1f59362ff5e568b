using System.IO.Compression;
using System.Text;
using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Data;

/// <summary>
/// Feeds thousands of mutated small tables (byte flips, truncations, insertions, seeded) to the readers: each must
/// either read or fail with <see cref="GrnDataException"/>, never with any other exception type.
/// </summary>
public class TableFuzzTests
{
    private const string ValidCsv = "gene,id,s1,s2,s3\nAdf1,FB1,1.5,2,\"3\"\nkay,FB2,-1e-3,0,7\nDp2,FB3,4,5,6\n";

    [Fact]
    public void MutatedCsvFilesFailOnlyWithDataErrors()
    {
        Fuzz(Encoding.UTF8.GetBytes(ValidCsv), "t.csv", mutations: 2500, seed: 1);
    }

    [Fact]
    public void MutatedXlsxFilesFailOnlyWithDataErrors()
    {
        object?[][] rows = [["gene", "id", "s1", "s2"], ["Adf1", "FB1", 1.5, 2.0], ["kay", "FB2", -1e-3, 7.0]];
        Fuzz(MinimalXlsx.Bytes(rows, CompressionLevel.NoCompression), "t.xlsx", mutations: 1000, seed: 2);
        Fuzz(MinimalXlsx.Bytes(rows, CompressionLevel.Optimal), "t.xlsx", mutations: 1000, seed: 3);
    }

    private static void Fuzz(byte[] valid, string name, int mutations, int seed)
    {
        using var dir = new TempFolder();
        string path = dir.File(name);
        var rng = new Random(seed);
        int read = 0, rejected = 0; // counted per reader
        var unexpected = new List<string>();
        for (int m = 0; m < mutations; m++)
        {
            File.WriteAllBytes(path, Mutate(valid, rng));
            // Each reader on its own: the pair reader rejects a valid expression table, which says nothing.
            foreach (Action readAs in new Action[] { () => ExpressionTableReader.Read(path), () => PairListReader.Read(path) })
            {
                try
                {
                    readAs();
                    read++;
                }
                catch (GrnDataException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    unexpected.Add($"mutation {m}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} unexpected exception(s):\n" + string.Join("\n", unexpected.Take(5)));
        Assert.True(rejected > 0);
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {read} read, {rejected} rejected with GrnDataException");
    }

    private static byte[] Mutate(byte[] valid, Random rng)
    {
        var bytes = new List<byte>(valid);
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes[at] = (byte)rng.Next(256); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.Insert(at, (byte)rng.Next(256)); break;
                default: bytes.InsertRange(at, Encoding.ASCII.GetBytes(rng.Next(3) switch { 0 => ",", 1 => "\"", _ => "\n" })); break;
            }
        }
        return bytes.ToArray();
    }
}
