namespace CallCentre.Hosting.Messaging;

public enum MessagingTransport { InMemory, RabbitMq }

/// <summary>Bound from <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    /// <summary>Prefixes every queue and exchange name, so that two deployments (or test runs) can share one broker.</summary>
    public string? EndpointPrefix { get; set; }

    /// <summary>How many times a failing consumer is retried before the message goes to the error queue.</summary>
    public int RetryLimit { get; set; } = 5;
}
