using System.Xml.Linq;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Modules talk only through shared/ contracts: no project under services/ references another module, except the
/// Host (which hosts them all) and the Simulator (which runs the routing engine).</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly string[] Exempt = ["Host", "Simulator"];

    public static IEnumerable<object[]> ModuleProjects() =>
        Directory.GetFiles(Path.Combine(TestInfrastructure.RepoRoot, "services"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(p => new object[] { Path.GetRelativePath(TestInfrastructure.RepoRoot, p) });

    [Fact]
    public void EveryModule_IsChecked()
    {
        var modules = ModuleProjects().Select(p => ModuleOf((string)p[0])).ToHashSet();
        Assert.Superset(new HashSet<string> { "Routing", "Scheduling", "SlaTracking", "Dashboard", "Simulator", "Host" }, modules);
    }

    [Theory]
    [MemberData(nameof(ModuleProjects))]
    public void Module_ReferencesNoOtherModule(string project)
    {
        var module = ModuleOf(project);
        if (Exempt.Contains(module))
            return;
        var offending = References(project).Where(target => target.StartsWith("services/", StringComparison.Ordinal) &&
                                                            !target.StartsWith($"services/{module}/", StringComparison.Ordinal)).ToList();
        Assert.True(offending.Count == 0, $"{project} references another module: {string.Join(", ", offending)}; talk through shared/ contracts");
    }

    [Fact]
    public void TheCheck_CatchesAReferenceToAnotherModule()
    {
        var root = TestInfrastructure.RepoRoot;
        var folder = Path.Combine(root, "services", "Routing", "obj", "boundary-probe");
        Directory.CreateDirectory(folder);
        var probe = Path.Combine(folder, "Probe.csproj");
        File.WriteAllText(probe, """<Project><ItemGroup><ProjectReference Include="../../../SlaTracking/CallCentre.SlaTracking.csproj" /></ItemGroup></Project>""");
        try
        {
            Assert.Contains("services/SlaTracking/CallCentre.SlaTracking.csproj", References(Path.GetRelativePath(root, probe)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string ModuleOf(string project) => project.Replace('\\', '/').Split('/')[1];

    private static IEnumerable<string> References(string project)
    {
        var root = TestInfrastructure.RepoRoot;
        var full = Path.Combine(root, project);
        return XDocument.Load(full).Descendants("ProjectReference")
            .Select(r => (string?)r.Attribute("Include"))
            .Where(i => i is not null)
            .Select(i => Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, i!.Replace('\\', '/')))).Replace('\\', '/'));
    }
}
