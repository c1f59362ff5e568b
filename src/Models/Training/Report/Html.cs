using System.Globalization;
using System.Text;

namespace GrnGpu.Models.Training.Report;

/// <summary>The little HTML report.html needs: escaping, numbers as the tables print them, tables and inline charts.</summary>
public static class Html
{
    /// <summary>Escapes the five characters HTML reserves; the rest (±, gene names in any script) stays as written, the page is UTF-8.</summary>
    public static string E(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    /// <summary>A metric as every table prints it (4 decimals, as the console tables do); "undefined" for NaN.</summary>
    public static string F(double v) => double.IsNaN(v) ? "undefined" : v.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>A p-value: 4 decimals, or scientific notation below 0.0001 so a tiny one is not shown as 0.</summary>
    public static string P(double v) => double.IsNaN(v) ? "undefined" : v is > 0 and < 1e-4 ? v.ToString("0.0E+0", CultureInfo.InvariantCulture) : F(v);

    /// <summary>A table cell; <paramref name="attributes"/> are written as given (e.g. data-metric="auroc" for tests and readers).</summary>
    public static string Td(string text, string attributes = "") => $"<td{(attributes.Length > 0 ? " " + attributes : "")}>{E(text)}</td>";

    /// <summary>A table: a header row of <paramref name="headers"/>, then rows of cells already made by <see cref="Td"/>.</summary>
    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, string cssClass = "")
    {
        var sb = new StringBuilder($"<table{(cssClass.Length > 0 ? $" class=\"{cssClass}\"" : "")}><thead><tr>");
        foreach (var h in headers) sb.Append("<th>").Append(E(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>\n");
        foreach (var row in rows) sb.Append("<tr>").Append(string.Concat(row)).Append("</tr>\n");
        return sb.Append("</tbody></table>\n").ToString();
    }

    /// <summary>
    /// A chart as an image whose source is the SVG itself (base64): each chart stays its own document, so the ids
    /// inside one (clip paths) cannot collide with another's, and the page needs no network and no script.
    /// </summary>
    public static string Chart(string svg, string alt) =>
        $"<figure><img alt=\"{E(alt)}\" width=\"800\" height=\"560\" src=\"data:image/svg+xml;base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes(svg))}\"></figure>\n";

    public static string Section(string title, string body) => $"<section><h2>{E(title)}</h2>\n{body}</section>\n";

    /// <summary>The whole page: one file, its style inline.</summary>
    public static string Page(string title, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + E(title) + "</title>\n<style>\n" +
        "body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\n" +
        "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.2em .6em;text-align:right}th{background:#f3f3f3}\n" +
        "td:first-child,th:first-child{text-align:left}table.options td{text-align:left}figure{margin:.5em 0}img{max-width:100%;height:auto}.note{color:#555}\n" +
        "</style></head><body>\n<h1>" + E(title) + "</h1>\n" + body + "</body></html>\n";
}
