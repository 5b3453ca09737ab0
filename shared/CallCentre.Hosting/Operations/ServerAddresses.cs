namespace CallCentre.Hosting.Operations;

public static class ServerAddresses
{
    private static readonly string[] Wildcards = ["://+", "://*", "://0.0.0.0", "://[::]"];

    /// <summary>The address with a wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) replaced by <c>localhost</c>.</summary>
    public static string ForLocalClient(string address)
    {
        foreach (var wildcard in Wildcards)
            address = address.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        return address;
    }
}
