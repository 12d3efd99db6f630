// Licensed under the MIT License. See LICENSE in the repository root.

using System.Reflection;
using Sticky.Providers;

namespace Sticky.Tests;

/// <summary>
/// The public surface of Sticky.Core is what NuGet users depend on. This test lists it and compares it
/// with PublicApi.txt, so every change to it is a deliberate edit of that file, reviewed like code.
/// </summary>
[TestFixture]
public sealed class PublicApiTests
{
    [Test]
    public void PublicApi_MatchesTheCheckedInBaseline()
    {
        var actual = Describe(typeof(IBackendProvider).Assembly);
        var baselinePath = Path.Combine(TestContext.CurrentContext.TestDirectory, "PublicApi.txt");
        var expected = File.ReadAllLines(baselinePath).Where(static l => l.Length > 0).ToArray();

        var actualPath = Path.Combine(TestContext.CurrentContext.WorkDirectory, "PublicApi.actual.txt");
        File.WriteAllLines(actualPath, actual);
        Assert.That(actual, Is.EqualTo(expected), $"The public API changed. If intended, copy {actualPath} over tests/Sticky.Core.Tests/PublicApi.txt.");
    }

    private static string[] Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(static t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add($"{Kind(type)} {type.FullName}");
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Flags).Select(Member).Where(static m => m is not null).Order(StringComparer.Ordinal))
            {
                lines.Add("  " + member);
            }
        }

        return [.. lines];
    }

    private static string Kind(Type type) => type switch
    {
        { IsInterface: true } => "interface",
        { IsEnum: true } => "enum",
        { IsValueType: true } => "struct",
        { IsAbstract: true, IsSealed: true } => "static class",
        { IsSealed: true } => "sealed class",
        _ => "class",
    };

    private static string? Member(MemberInfo member) => member switch
    {
        MethodInfo { IsSpecialName: true } => null,
        MethodInfo m when m.DeclaringType!.IsEnum => null,
        MethodInfo m => $"{(m.IsStatic ? "static " : string.Empty)}{Name(m.ReturnType)} {m.Name}({string.Join(", ", m.GetParameters().Select(static p => Name(p.ParameterType)))})",
        ConstructorInfo c => $"ctor({string.Join(", ", c.GetParameters().Select(static p => Name(p.ParameterType)))})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod?.IsPublic == true ? "get; " : string.Empty)}{(p.SetMethod?.IsPublic == true ? "set; " : string.Empty)}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{Name(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => null,
    };

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.Name;
}
