using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrnGpu.Models.Training;

/// <summary>
/// JSON of the reports (a run's and a cv's metrics.json): TrainOptions' naming, and an undefined number (an AUROC of a
/// one-class fold, an interval with nothing to resample) written as null, never as NaN, which JSON has not; read back
/// as NaN. Reports written before this, with "NaN" strings, still read.
/// </summary>
public static class ReportJson
{
    /// <summary>Infinities (a baseline's threshold above every score) stay "Infinity" strings, as TrainOptions.Json writes them.</summary>
    public static readonly JsonSerializerOptions Options = new(TrainOptions.Json) { Converters = { new UndefinedAsNull(infinitiesAsStrings: true) } };

    /// <summary>Writes NaN (and, unless told otherwise, infinities) as null; reads null and the named literals back.</summary>
    public sealed class UndefinedAsNull(bool infinitiesAsStrings = false) : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.Null => double.NaN,
            JsonTokenType.String => reader.GetString() switch
            {
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                _ => double.NaN,
            },
            _ => reader.GetDouble(),
        };

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else if (infinitiesAsStrings && double.IsInfinity(value)) writer.WriteStringValue(value > 0 ? "Infinity" : "-Infinity");
            else writer.WriteNullValue();
        }
    }
}
