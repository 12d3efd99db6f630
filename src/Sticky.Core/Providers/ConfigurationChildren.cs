// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Sticky.Providers;

/// <summary>
/// <see cref="IConfiguration.GetChildren"/> for sections with thousands of children (a service's
/// backends). The framework folds the sources together and each source re-sorts every key gathered so far, so
/// 10,000 backends read through the host's six sources cost six sorts of 20,000 keys; that was most of a
/// routing rebuild. Here each source lists only its own keys and they are merged once.
/// </summary>
internal static class ConfigurationChildren
{
    public static IEnumerable<IConfigurationSection> Of(IConfigurationSection section, IConfiguration? root)
    {
        if (root is not IConfigurationRoot configurationRoot)
        {
            return section.GetChildren();
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new List<string>();
        foreach (var provider in configurationRoot.Providers)
        {
            foreach (var key in provider.GetChildKeys([], section.Path))
            {
                if (seen.Add(key))
                {
                    keys.Add(key);
                }
            }
        }

        keys.Sort(CompareKeys);
        var children = new List<IConfigurationSection>(keys.Count);
        foreach (var key in keys)
        {
            children.Add(section.GetSection(key));
        }

        return children;
    }

    /// <summary>The order of <see cref="ConfigurationKeyComparer"/> for one segment: numbers by value first, then text.</summary>
    internal static int CompareKeys(string x, string y)
    {
        var xIsNumber = int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xValue);
        var yIsNumber = int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yValue);
        return (xIsNumber, yIsNumber) switch
        {
            (true, true) => xValue.CompareTo(yValue),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
        };
    }
}
