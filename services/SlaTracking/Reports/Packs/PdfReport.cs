using System.Globalization;
using CallCentre.Hosting.Languages;
using CallCentre.SlaTracking.Counting;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CallCentre.SlaTracking.Reports.Packs;

/// <summary>The client report as a PDF: the printable page's tables (contract versions, monthly compliance, figures) on A4
/// landscape, each table's font shrunk until it fits the width, headers repeated on every page.</summary>
internal static class PdfReport
{
    private const double PageWidth = 842, PageHeight = 595, Margin = 30, Padding = 2;
    private const double CellSize = 7, SmallestCellSize = 4;

    public static byte[] Render(SlaReport report, ReportLabels l, string caption)
    {
        DejaVuFonts.Install();
        var culture = l.Culture;
        var texts = Texts.For(l.Language);
        using var document = new PdfDocument();
        document.Info.Title = $"{l.Title} — {report.TenantName} — {caption}";
        document.Info.Creator = "CallCentre";
        var writer = new Writer(document);

        writer.Text($"{l.Title} — {report.TenantName}", new XFont(DejaVuFonts.Family, 14, XFontStyleEx.Bold), 20);
        writer.Text(caption, new XFont(DejaVuFonts.Family, 9), 13);
        writer.Text($"{l.PeriodCovered}: {texts.Date(report.From)} → {texts.Date(report.To)} · {l.Granularity}: " +
                    $"{ReportRenderers.PeriodWord(report.Granularity, report.IntervalMinutes, l)} · {l.TimeZone}: {report.TimeZone} · " +
                    $"{l.GeneratedAt}: {ReportRenderers.GeneratedAt(report, culture)}",
            new XFont(DejaVuFonts.Family, 9), 18);
        writer.Table(l.Contracts, ReportRenderers.ContractTable(report, l), culture, _ => false);
        writer.Table(l.Compliance, ReportRenderers.ComplianceTable(report, l), culture, _ => false);
        writer.Table(l.Rows, ReportRenderers.RowTable(report, l), culture, row => Equals(row[2], l.Total));
        writer.Close();

        using var buffer = new MemoryStream();
        document.Save(buffer, closeStream: false);
        return buffer.ToArray();
    }

    private sealed class Writer(PdfDocument document)
    {
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y = PageHeight;

        private XGraphics Graphics => _graphics!;

        public void Text(string text, XFont font, double height)
        {
            Room(height);
            Graphics.DrawString(text, font, XBrushes.Black, new XRect(Margin, _y, PageWidth - 2 * Margin, height), XStringFormats.TopLeft);
            _y += height;
        }

        public void Table(string title, ReportRenderers.Table table, CultureInfo culture, Func<object?[], bool> isTotal)
        {
            var cells = table.Rows.Select(r => r.Select(c => ReportRenderers.Format(c, culture)).ToArray()).ToList();
            var size = CellSize;
            double[] widths;
            XFont regular, bold;
            while (true)
            {
                (regular, bold) = (new XFont(DejaVuFonts.Family, size), new XFont(DejaVuFonts.Family, size, XFontStyleEx.Bold));
                widths = Widths(table.Headers, cells, regular, bold);
                if (widths.Sum() <= PageWidth - 2 * Margin || size <= SmallestCellSize)
                    break;
                size -= 0.5;
            }
            var headerLines = table.Headers.Select((h, i) => Wrap(h, bold, widths[i] - 2 * Padding)).ToList();
            var lineHeight = size * 1.25;
            var headerHeight = headerLines.Max(lines => lines.Count) * lineHeight + 2 * Padding;
            var rowHeight = lineHeight + 2 * Padding;

            Room(14 + headerHeight + rowHeight);
            _y += 4;
            Graphics.DrawString(title, new XFont(DejaVuFonts.Family, 10, XFontStyleEx.Bold), XBrushes.Black,
                new XRect(Margin, _y, PageWidth - 2 * Margin, 12), XStringFormats.TopLeft);
            _y += 14;
            Header(headerLines, widths, bold, lineHeight, headerHeight);
            for (var r = 0; r < cells.Count; r++)
            {
                if (_y + rowHeight > PageHeight - Margin)
                {
                    NewPage();
                    Header(headerLines, widths, bold, lineHeight, headerHeight);
                }
                var font = isTotal(table.Rows[r]) ? bold : regular;
                var x = Margin;
                for (var c = 0; c < widths.Length; c++)
                {
                    var box = new XRect(x, _y, widths[c], rowHeight);
                    Graphics.DrawRectangle(XPens.Gray, box);
                    var left = table.Rows[r][c] is string;
                    Graphics.DrawString(cells[r][c], font, XBrushes.Black,
                        new XRect(x + Padding, _y + Padding, widths[c] - 2 * Padding, lineHeight),
                        left ? XStringFormats.TopLeft : XStringFormats.TopRight);
                    x += widths[c];
                }
                _y += rowHeight;
            }
            _y += 6;
        }

        private void Header(List<List<string>> lines, double[] widths, XFont bold, double lineHeight, double height)
        {
            var x = Margin;
            for (var c = 0; c < widths.Length; c++)
            {
                var box = new XRect(x, _y, widths[c], height);
                Graphics.DrawRectangle(XPens.Gray, XBrushes.Gainsboro, box);
                for (var i = 0; i < lines[c].Count; i++)
                    Graphics.DrawString(lines[c][i], bold, XBrushes.Black,
                        new XRect(x + Padding, _y + Padding + i * lineHeight, widths[c] - 2 * Padding, lineHeight), XStringFormats.TopLeft);
                x += widths[c];
            }
            _y += height;
        }

        /// <summary>Each column as wide as its widest cell or the longest word of its header.</summary>
        private double[] Widths(IReadOnlyList<string> headers, List<string[]> cells, XFont regular, XFont bold) =>
            headers.Select((h, c) =>
            {
                var word = h.Split(' ').Max(w => Graphics.MeasureString(w, bold).Width);
                var cell = cells.Count == 0 ? 0 : cells.Max(row => Graphics.MeasureString(row[c], bold).Width);
                return Math.Max(word, cell) + 2 * Padding + 1;
            }).ToArray();

        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Graphics.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                    line = candidate;
            }
            lines.Add(line);
            return lines;
        }

        private void Room(double height)
        {
            if (_graphics is null || _y + height > PageHeight - Margin)
                NewPage();
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = document.AddPage();
            _page.Width = XUnit.FromPoint(PageWidth);
            _page.Height = XUnit.FromPoint(PageHeight);
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        public void Close() => _graphics?.Dispose();
    }
}
