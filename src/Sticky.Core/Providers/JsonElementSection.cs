// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Sticky.Providers;

/// <summary>
/// A read-only <see cref="IConfigurationSection"/> over a parsed JSON element. The services file is read by
/// the same <see cref="ConfigurationServiceReader"/> as <c>Sticky:Services</c> (same keys, defaults and
/// messages) without first flattening the document into one configuration key per value, which for 10,000
/// backends meant 20,000 keys, each path a new string, sorted and looked up through every source.
/// </summary>
/// <remarks>
/// Values read as the JSON configuration source reads them: strings as they are, numbers as their JSON text,
/// <c>true</c>/<c>false</c> as <c>True</c>/<c>False</c>, <c>null</c> as no value, an empty array as an empty
/// string; objects and other arrays have children and no value (a test holds this to the framework's source). Keys match case-insensitively. Children keep the document's order.
/// </remarks>
internal sealed class JsonElementSection : IConfigurationSection
{
    private static readonly IChangeToken s_neverChanges = new CancellationChangeToken(CancellationToken.None);

    private readonly JsonElement _element;
    private readonly JsonElementSection? _parent;
    private readonly int _index;
    private string? _key;
    private string? _path;

    /// <summary>Creates the root section of a document; its path is empty.</summary>
    public JsonElementSection(JsonElement root)
        : this(root, string.Empty, -1, parent: null)
    {
    }

    // An array element gets its index and makes the key text only when asked: a backend's key is read only
    // for an error message.
    private JsonElementSection(JsonElement element, string? key, int index, JsonElementSection? parent)
    {
        _element = element;
        _key = key;
        _index = index;
        _parent = parent;
    }

    /// <summary>The kind of JSON value here; <see cref="JsonValueKind.Undefined"/> for a key that is absent.</summary>
    public JsonValueKind Kind => _element.ValueKind;

    public string Key => _key ??= _index.ToString(CultureInfo.InvariantCulture);

    public string Path => _path ??= _parent is null || _parent.Path.Length == 0 ? Key : ConfigurationPath.Combine(_parent.Path, Key);

    public string? Value
    {
        get => ValueOf(_element);
        set => throw ReadOnly();
    }

    public string? this[string key]
    {
        get => ValueOf(Find(_element, key));
        set => throw ReadOnly();
    }

    public IConfigurationSection GetSection(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var section = this;
        foreach (var segment in key.Split(ConfigurationPath.KeyDelimiter))
        {
            section = new JsonElementSection(Find(section._element, segment), segment, -1, section);
        }

        return section;
    }

    public IEnumerable<IConfigurationSection> GetChildren()
    {
        switch (_element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<IConfigurationSection>();
                foreach (var property in _element.EnumerateObject())
                {
                    properties.Add(new JsonElementSection(property.Value, property.Name, -1, this));
                }

                return properties;
            case JsonValueKind.Array:
                var items = new IConfigurationSection[_element.GetArrayLength()];
                var index = 0;
                foreach (var item in _element.EnumerateArray())
                {
                    items[index] = new JsonElementSection(item, key: null, index, this);
                    index++;
                }

                return items;
            default:
                return [];
        }
    }

    public IChangeToken GetReloadToken() => s_neverChanges;

    private static string? ValueOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => bool.TrueString,
        JsonValueKind.False => bool.FalseString,
        JsonValueKind.Array when element.GetArrayLength() == 0 => string.Empty,
        _ => null,
    };

    private static JsonElement Find(JsonElement element, string key)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < element.GetArrayLength()
                ? element[index]
                : default;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        // The last of duplicated keys wins, as in configuration. Names are compared as raw UTF-8 so looking up
        // the four keys of 10,000 backends allocates no name strings; an escaped name is decoded first.
        var found = default(JsonElement);
        foreach (var property in element.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var matches = raw.Contains((byte)'\\')
                ? string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase)
                : Ascii.IsValid(raw) ? Ascii.EqualsIgnoreCase(raw, key) : string.Equals(Encoding.UTF8.GetString(raw), key, StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                found = property.Value;
            }
        }

        return found;
    }

    private static NotSupportedException ReadOnly() => new("A services file is read-only through this section.");
}
