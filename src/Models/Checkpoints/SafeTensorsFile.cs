using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using GrnGpu.Engine;
using GrnGpu.Models.Data;

namespace GrnGpu.Models.Checkpoints;

/// <summary>
/// Our reader and writer of the safetensors format, float32 only: an 8-byte little-endian header length, a JSON
/// header mapping each tensor name to {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]} (byte offsets
/// into the data that follows the header) plus an optional "__metadata__" map of strings, then the raw
/// little-endian data. Files are written to a temporary file beside the target and renamed over it, so a crash
/// never leaves a half-written checkpoint under the real name.
/// </summary>
public static class SafeTensorsFile
{
    private const string MetadataKey = "__metadata__";

    /// <summary>A header bigger than this is not one we wrote: treat the file as corrupt instead of allocating it.</summary>
    private const long MaxHeaderBytes = 100L << 20;

    public sealed record Content(IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<NamedTensor> Tensors);

    public static void Write(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        byte[] header = EncodeHeader(tensors, metadata);
        try
        {
            AtomicFile.Write(path, stream =>
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var t in tensors) WriteFloats(stream, t.Data);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnException($"cannot write '{path}': {e.Message}", e);
        }
    }

    public static Content Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnException($"cannot read '{path}': {e.Message}", e);
        }
        try
        {
            return Decode(bytes);
        }
        catch (FormatException e)
        {
            throw new GrnException($"'{path}' is not a valid safetensors file (truncated or corrupt): {e.Message}");
        }
    }

    private static byte[] EncodeHeader(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (var (key, value) in metadata) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            var names = new HashSet<string>();
            foreach (var t in tensors)
            {
                if (t.Name == MetadataKey || !names.Add(t.Name)) throw new ArgumentException($"tensor name '{t.Name}' is reserved or repeated");
                if (NamedTensor.Elements(t.Shape) != t.Data.Length)
                    throw new ArgumentException($"tensor '{t.Name}': {t.Data.Length} values for shape {NamedTensor.ShapeText(t.Shape)}");
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)t.Data.Length * sizeof(float);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // The format pads the header with spaces so that the data starts 8-byte aligned.
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        while (buffer.Length < padded) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteFloats(Stream stream, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var bytes = new byte[data.Length * sizeof(float)];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), data[i]);
        stream.Write(bytes);
    }

    /// <summary>Parses and checks a whole file; any inconsistency is a FormatException saying what is wrong.</summary>
    private static Content Decode(byte[] bytes)
    {
        if (bytes.Length < 8) throw new FormatException($"{bytes.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
            throw new FormatException($"the header claims {headerLength} bytes but the file has {bytes.Length - 8} after the length");
        int dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new FormatException($"the JSON header does not parse ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException("the JSON header is not an object");
            var metadata = new Dictionary<string, string>();
            var tensors = new List<(long Begin, NamedTensor Tensor)>();
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object) throw new FormatException("__metadata__ is not an object");
                    foreach (var m in entry.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String
                            ? m.Value.GetString()!
                            : throw new FormatException($"metadata '{m.Name}' is not a string");
                    continue;
                }
                tensors.Add(DecodeTensor(entry, bytes, dataStart, dataLength));
            }
            CheckNoOverlap(tensors);
            return new Content(metadata, tensors.OrderBy(t => t.Begin).Select(t => t.Tensor).ToList());
        }
    }

    private static (long Begin, NamedTensor Tensor) DecodeTensor(JsonProperty entry, byte[] bytes, int dataStart, long dataLength)
    {
        string name = entry.Name;
        var v = entry.Value;
        if (v.ValueKind != JsonValueKind.Object) throw new FormatException($"tensor '{name}' is not an object");
        if (!v.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new FormatException($"tensor '{name}' has no dtype");
        if (dtype.GetString() != "F32") throw new FormatException($"tensor '{name}' is {dtype.GetString()}; only F32 is supported");
        if (!v.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            throw new FormatException($"tensor '{name}' has no shape");
        var shape = new List<int>();
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw new FormatException($"tensor '{name}' has a bad dimension {d.GetRawText()}");
            shape.Add(dim);
        }
        if (!v.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw new FormatException($"tensor '{name}' has no [begin, end] data_offsets");
        long elements = NamedTensor.Elements(shape);
        if (begin < 0 || end < begin || end - begin != elements * sizeof(float))
            throw new FormatException($"tensor '{name}': data_offsets [{begin}, {end}] do not hold {elements} float32 values of shape {NamedTensor.ShapeText(shape)}");
        if (end > dataLength)
            throw new FormatException($"tensor '{name}' ends at byte {end} of the data but the file holds only {dataLength} data bytes");
        var data = new float[elements];
        var source = bytes.AsSpan(dataStart + (int)begin, (int)(end - begin));
        if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(source).CopyTo(data);
        else for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
        return (begin, new NamedTensor(name, shape, data));
    }

    private static void CheckNoOverlap(List<(long Begin, NamedTensor Tensor)> tensors)
    {
        long previousEnd = 0;
        string? previous = null;
        foreach (var (begin, t) in tensors.OrderBy(t => t.Begin))
        {
            if (begin < previousEnd) throw new FormatException($"tensors '{previous}' and '{t.Name}' overlap");
            previousEnd = begin + t.Data.Length * (long)sizeof(float);
            previous = t.Name;
        }
    }
}
