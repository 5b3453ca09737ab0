namespace CallCentre.EndToEnd.Tests;

/// <summary>The tests that start Host processes share the machine's two cores: they run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DistributedCollection
{
    public const string Name = "Distributed processes";
}
