namespace CallCentre.Hosting.Messaging;

public enum MessagingTransport { InMemory, RabbitMq }

internal sealed class MessagingOptions
{
    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    /// <summary>Lets two deployments (or test runs) share one broker.</summary>
    public string? EndpointPrefix { get; set; }

    public int RetryLimit { get; set; } = 5;
}
