// JUnit XML for CI dashboards: one test suite per notebook, one test case per code cell.
using System.Globalization;
using System.Xml.Linq;
using Workbench.Notebooks.Model;
using Workbench.Notebooks.Runner;

namespace Workbench.Notebooks.Command;

/// <summary>Writes the JUnit report. Cells a stopped run never reached are reported as skipped. Thread-safe.</summary>
public static class JUnitReport
{
    public static void Write(string path, IReadOnlyList<NotebookResult> results, IReadOnlyList<NotebookDocument> notebooks)
    {
        static string S(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var suites = new XElement("testsuites", new XAttribute("name", "workbench run"));
        int tests = 0, failures = 0, errors = 0;
        foreach (var (result, doc) in results.Zip(notebooks))
        {
            var suite = new XElement("testsuite", new XAttribute("name", result.Name), new XAttribute("file", doc.SourcePath));
            int sTests = 0, sFailures = 0, sErrors = 0, sSkipped = 0;
            var ran = result.Cells.ToDictionary(c => c.Index);
            for (int i = 0; i < doc.Cells.Count; i++)
            {
                if (doc.Cells[i].Kind != CellKind.Code) continue;
                sTests++;
                var tc = new XElement("testcase", new XAttribute("classname", "notebooks." + result.Name),
                    new XAttribute("name", $"cell {i + 1} ({doc.Cells[i].Id})"));
                if (!ran.TryGetValue(i + 1, out var c))
                {
                    tc.Add(new XAttribute("time", "0"), new XElement("skipped", new XAttribute("message", "not run: an earlier cell stopped the notebook")));
                    sSkipped++;
                }
                else
                {
                    tc.Add(new XAttribute("time", S(c.Elapsed)));
                    var message = XmlText(c.Message);
                    if (c.Status == CellStatus.Failed) { sFailures++; tc.Add(new XElement("failure", new XAttribute("message", message), message)); }
                    else if (c.Status is CellStatus.TimedOut or CellStatus.Crashed) { sErrors++; tc.Add(new XElement("error", new XAttribute("message", message), message)); }
                }
                suite.Add(tc);
            }
            suite.Add(new XAttribute("tests", sTests), new XAttribute("failures", sFailures), new XAttribute("errors", sErrors),
                new XAttribute("skipped", sSkipped), new XAttribute("time", S(result.Elapsed)));
            suites.Add(suite);
            tests += sTests; failures += sFailures; errors += sErrors;
        }
        suites.Add(new XAttribute("tests", tests), new XAttribute("failures", failures), new XAttribute("errors", errors));
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        var settings = new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
        using var writer = System.Xml.XmlWriter.Create(path, settings);
        new XDocument(new XDeclaration("1.0", "utf-8", null), suites).Save(writer);
    }

    /// <summary>
    /// <paramref name="text"/> with every character XML 1.0 cannot hold (control characters such as the ESC of an
    /// ANSI colour code, lone surrogates, U+FFFE/U+FFFF) written as a visible <c>\xHH</c> / <c>\uHHHH</c> escape.
    /// </summary>
    public static string XmlText(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); continue; }
            if (System.Xml.XmlConvert.IsXmlChar(c)) sb.Append(c);
            else sb.Append(c < 0x100 ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
        }
        return sb.ToString();
    }
}
