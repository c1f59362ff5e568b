using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using GrnGpu.Engine;
using GrnGpu.Models.Checkpoints;
using Xunit;

namespace GrnGpu.Tests.Models;

public class SafeTensorsFileTests
{
    private static readonly NamedTensor A = new("layer/kernel", [2, 3], [1, -2, 3.5f, float.Epsilon, -0f, 1e30f]);
    private static readonly NamedTensor B = new("layer/bias", [2], [0.25f, -7]);
    private static readonly Dictionary<string, string> Meta = new() { ["model"] = "rna", ["metrics"] = "{\"auc\": 0.5}" };

    [Fact]
    public void WritesTheSafetensorsLayout()
    {
        using var dir = new TempFolder();
        string path = dir.File("w.safetensors");
        SafeTensorsFile.Write(path, [A, B], Meta);
        var bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);                     // data 8-byte aligned
        Assert.Equal(8 + headerLength + (6 + 2) * 4, bytes.Length);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        var kernel = header.RootElement.GetProperty("layer/kernel");
        Assert.Equal("F32", kernel.GetProperty("dtype").GetString());
        Assert.Equal([2, 3], kernel.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0L, 24L], kernel.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([24L, 32L], header.RootElement.GetProperty("layer/bias").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("rna", header.RootElement.GetProperty("__metadata__").GetProperty("model").GetString());
        Assert.Equal(3.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(8 + headerLength) + 8)));
    }

    [Fact]
    public void RoundTripsBitForBit()
    {
        using var dir = new TempFolder();
        string path = dir.File("w.safetensors");
        SafeTensorsFile.Write(path, [A, B], Meta);
        var content = SafeTensorsFile.Read(path);
        Assert.Equal(Meta, content.Metadata);
        Assert.Equal(["layer/kernel", "layer/bias"], content.Tensors.Select(t => t.Name));
        Assert.Equal(A.Shape, content.Tensors[0].Shape);
        Assert.Equal(A.Data.Select(BitConverter.SingleToInt32Bits), content.Tensors[0].Data.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(B.Data, content.Tensors[1].Data);
        Assert.Single(Directory.GetFiles(dir.Path));   // the temporary file was renamed, not left behind
    }

    [Fact]
    public void OverwritesAnExistingFile()
    {
        using var dir = new TempFolder();
        string path = dir.File("w.safetensors");
        SafeTensorsFile.Write(path, [A, B], Meta);
        SafeTensorsFile.Write(path, [B], new Dictionary<string, string>());
        Assert.Equal(["layer/bias"], SafeTensorsFile.Read(path).Tensors.Select(t => t.Name));
    }

    [Theory]
    [InlineData(4)]        // inside the length field
    [InlineData(20)]       // inside the header
    [InlineData(-4)]       // inside the data
    public void ATruncatedFileIsAClearErrorNamingTheFile(int keep)
    {
        using var dir = new TempFolder();
        string path = dir.File("cut.safetensors");
        SafeTensorsFile.Write(path, [A, B], Meta);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);
        var e = Assert.Throws<GrnException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ACorruptHeaderIsAClearError()
    {
        using var dir = new TempFolder();
        string path = dir.File("bad.safetensors");
        var header = Encoding.UTF8.GetBytes("{\"x\": {\"dtype\": \"F16\", \"shape\": [1], \"data_offsets\": [0, 2]}}");
        var bytes = new byte[8 + header.Length + 2];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<GrnException>(() => SafeTensorsFile.Read(path));
        Assert.Contains("only F32", e.Message);

        File.WriteAllText(path, "not a safetensors file at all");
        e = Assert.Throws<GrnException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void AMissingFileIsAGrnException()
    {
        var e = Assert.Throws<GrnException>(() => SafeTensorsFile.Read("/nonexistent/w.safetensors"));
        Assert.Contains("/nonexistent/w.safetensors", e.Message);
    }
}
