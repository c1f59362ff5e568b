using System.Text;
using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Data;

public class NpyTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { 2, 1, 3, 3 })]
    [InlineData(new[] { 100000, 1, 64, 64 })]
    public void HeaderIsAlignedAndEndsInNewline(int[] shape)
    {
        byte[] header = NpyWriter.Header(shape);
        Assert.Equal(0, header.Length % 64);
        Assert.Equal((byte)'\n', header[^1]);
        int length = header[8] | header[9] << 8;
        Assert.Equal(header.Length - 10, length);
        string dict = Encoding.ASCII.GetString(header, 10, length);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (", dict);
        if (shape.Length == 1) Assert.Contains($"({shape[0]},)", dict);
    }

    [Fact]
    public void RoundTripsThroughTheReader()
    {
        using var dir = new TempFolder();
        float[] data = [1.5f, -2f, float.Epsilon, 3e30f, 0f, 7f];
        string path = dir.File("a.npy");
        NpyWriter.Write(path, data, 2, 3);
        var back = NpyReader.Read(path);
        Assert.Equal([2, 3], back.Shape);
        Assert.Equal(data, back.Data);
        Assert.Single(Directory.GetFiles(dir.Path)); // no temporary file left behind
    }

    [Fact]
    public void ShapeMismatchIsRejectedWithoutWritingAFile()
    {
        using var dir = new TempFolder();
        Assert.Throws<ArgumentException>(() => NpyWriter.Write(dir.File("a.npy"), [1f, 2f], 3));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
