using System.Globalization;
using CallCentre.Hosting.Languages;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Reports;
using MimeKit;

namespace CallCentre.SlaTracking.Delivery;

/// <summary>The file of each <see cref="DeliveryAttachment"/>, from the report renderers the API serves.</summary>
internal static class DeliveryAttachments
{
    public static (string FileName, ContentType Type, byte[] Content) Render(DeliveryAttachment kind, SlaReport report, string baseName)
    {
        var labels = ReportLabels.For(report.Language);
        return kind switch
        {
            DeliveryAttachment.Xlsx => (baseName + ".xlsx", new ContentType("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ReportRenderers.Xlsx(report, labels)),
            DeliveryAttachment.Html => (baseName + ".html", new ContentType("text", "html") { Charset = "utf-8" },
                System.Text.Encoding.UTF8.GetBytes(ReportRenderers.Html(report, labels))),
            DeliveryAttachment.Pdf => (baseName + ".pdf", new ContentType("application", "pdf"), Reports.Packs.PdfReport.Render(report, labels, baseName)),
            DeliveryAttachment.Pack => throw new ArgumentException("The pack is issued by the worker, not rendered.", nameof(kind)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}

/// <summary>The e-mail's words (<c>mail.*</c>); dates in the culture's short form.</summary>
internal sealed record DeliveryLabels(string Subject, string Body, string Portal)
{
    public static DeliveryLabels For(string language) => Texts.For(language).Bind<DeliveryLabels>("mail");
}

/// <summary>The e-mail of one delivery: the report's files and, when <see cref="DeliveryOptions.PublicBaseUrl"/> is set, a link to
/// the client portal.</summary>
internal static class DeliveryMail
{
    /// <param name="pack">The month's signed pack when the schedule attaches it: its file name and zip.</param>
    public static MimeMessage Compose(DeliverySchedule schedule, SlaReport report, DeliveryPeriod period, DeliveryOptions options,
        (string FileName, byte[] Zip)? pack = null)
    {
        var labels = DeliveryLabels.For(report.Language);
        var culture = Texts.For(report.Language).Culture;
        var from = period.From.ToString("d", culture);
        var to = period.To.ToString("d", culture);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Smtp.From));
        message.To.AddRange(schedule.Recipients.Select(MailboxAddress.Parse));
        message.Subject = string.Format(culture, labels.Subject, report.TenantName, from, to);

        var body = new BodyBuilder { TextBody = string.Format(culture, labels.Body, report.TenantName, from, to, report.TimeZone) };
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
            body.TextBody += "\n\n" + string.Format(culture, labels.Portal, options.PublicBaseUrl.TrimEnd('/') + "/portal.html");
        var baseName = $"sla-{report.TenantId}-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}";
        foreach (var kind in schedule.Attachments.Where(k => k != DeliveryAttachment.Pack))
        {
            var (fileName, type, content) = DeliveryAttachments.Render(kind, report, baseName);
            body.Attachments.Add(fileName, content, type);
        }
        if (pack is { } p)
            body.Attachments.Add(p.FileName, p.Zip, new ContentType("application", "zip"));
        message.Body = body.ToMessageBody();
        return message;
    }
}
