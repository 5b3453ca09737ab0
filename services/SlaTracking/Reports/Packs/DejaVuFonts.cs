using PdfSharp.Fonts;

namespace CallCentre.SlaTracking.Reports.Packs;

/// <summary>PDFsharp finds no system fonts on Linux: every face is Debian's DejaVu Sans (fonts-dejavu-core), which covers the
/// accents, dashes and arrows the reports print.</summary>
internal sealed class DejaVuFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"];
    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>PDFsharp's resolver is process-wide and may be set only once.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed)
                return;
            if (GlobalFontSettings.FontResolver is not DejaVuFonts)
                GlobalFontSettings.FontResolver = new DejaVuFonts();
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        foreach (var folder in Folders)
        {
            var path = Path.Combine(folder, faceName + ".ttf");
            if (File.Exists(path))
                return File.ReadAllBytes(path);
        }
        throw new InvalidOperationException(
            $"The PDF report needs the DejaVu fonts ({faceName}.ttf in {string.Join(" or ", Folders)}): apt-get install fonts-dejavu-core.");
    }
}
