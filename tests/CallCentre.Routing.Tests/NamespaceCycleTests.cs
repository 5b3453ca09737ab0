using System.Reflection;
using System.Reflection.Emit;

namespace CallCentre.Routing.Tests;

/// <summary>Routing's namespaces form no cycle: read from the compiled assembly (signatures and method bodies), so a newcomer
/// can read the module part by part, the pure <c>Engine</c> first.</summary>
public class NamespaceCycleTests
{
    private const string Root = "CallCentre.Routing";

    [Fact]
    public void RoutingNamespaces_FormNoCycle()
    {
        var edges = References(typeof(RoutingModule).Assembly);
        // The root is the composition root: it wires every part. A part may name only RoutingModule there, as its database's key.
        var intoRoot = edges.Where(e => e.To == Root && e.From != Root && e.Type != typeof(RoutingModule)).Select(e => $"{e.From} -> {e.Type}");
        Assert.Empty(intoRoot);
        var graph = edges.Where(e => e.From != Root && e.To != Root && e.From != e.To)
            .GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToHashSet());
        Assert.Null(FindCycle(graph));
    }

    [Fact]
    public void TheReader_SeesReferencesInMethodBodies_AndTheFinderReportsACycle()
    {
        var edges = References(typeof(RoutingModule).Assembly).Select(e => (e.From, e.To)).ToHashSet();
        Assert.Contains(($"{Root}.Api", $"{Root}.Loop"), edges);
        Assert.Contains(($"{Root}.Loop", $"{Root}.Engine"), edges);
        Assert.Contains(($"{Root}.Data", $"{Root}.Engine"), edges); // only in method bodies (building restored records)
        Assert.DoesNotContain(edges, e => e.From == $"{Root}.Engine" && e.To != $"{Root}.Engine");

        var cyclic = new Dictionary<string, HashSet<string>> { ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"], ["d"] = ["a"] };
        Assert.Equal(["a", "b", "c", "a"], FindCycle(cyclic));
        Assert.Null(FindCycle(new Dictionary<string, HashSet<string>> { ["a"] = ["b"], ["b"] = ["c"], ["d"] = ["c"] }));
    }

    /// <summary>Each reference from a type of the assembly to a type of one of its namespaces.</summary>
    private static List<(string From, string To, Type Type)> References(Assembly assembly)
    {
        var edges = new List<(string, string, Type)>();
        foreach (var type in assembly.GetTypes())
        {
            var from = type.Namespace ?? "";
            var seen = new HashSet<Type>();
            foreach (var used in UsedBy(type))
                Collect(used, seen);
            foreach (var used in seen)
                if (used.Assembly == assembly && used.Namespace is { } to && to.StartsWith(Root, StringComparison.Ordinal))
                    edges.Add((from, to, used));
        }
        return edges;
    }

    private static IEnumerable<Type> UsedBy(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(all)) yield return f.FieldType;
        foreach (var p in type.GetProperties(all)) yield return p.PropertyType;
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo m) yield return m.ReturnType;
            foreach (var p in method.GetParameters()) yield return p.ParameterType;
            foreach (var used in InBody(method)) yield return used;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types a method body names: those of the members it calls or reads, and the types it creates or tests.</summary>
    private static IEnumerable<Type> InBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = module.ResolveMember(BitConverter.ToInt32(il, at), typeArgs, methodArgs);
                    if (member is Type t) yield return t;
                    else if (member?.DeclaringType is { } owner) yield return owner;
                    if (member is MethodInfo called)
                    {
                        yield return called.ReturnType;
                        foreach (var a in called.GetGenericArguments()) yield return a;
                    }
                    if (member is FieldInfo field) yield return field.FieldType;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }

    /// <summary>A type with its element type and generic arguments, recursively.</summary>
    private static void Collect(Type type, HashSet<Type> seen)
    {
        if (type.HasElementType) { Collect(type.GetElementType()!, seen); return; }
        if (type.IsGenericParameter || !seen.Add(type.IsGenericType ? type.GetGenericTypeDefinition() : type)) return;
        if (type.IsGenericType)
            foreach (var a in type.GetGenericArguments()) Collect(a, seen);
    }

    /// <summary>A cycle of the graph as a path that ends where it starts, or null.</summary>
    private static List<string>? FindCycle(IReadOnlyDictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(); // 1: on the path, 2: done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1) return [.. path.Skip(path.IndexOf(next)), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
                return cycle;
        return null;
    }
}
