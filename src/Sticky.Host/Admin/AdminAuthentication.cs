// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Sticky.Host.Configuration;

namespace Sticky.Host.Admin;

/// <summary>
/// Optional protection of the whole admin port except <c>/ping</c> (orchestrators probe it without
/// credentials): a bearer token (<c>Sticky:Host:AdminToken</c>), basic auth (<c>AdminUser</c> and
/// <c>AdminPassword</c>), or both. With a token, basic auth with the token as password and any user name is
/// also accepted, so a browser can open the dashboard. Credentials are compared in constant time, as
/// SHA-256 digests, so neither their content nor their length leaks through timing.
/// </summary>
internal sealed class AdminAuthentication
{
    private const string Realm = "Sticky";

    private readonly byte[]? _token;
    private readonly byte[]? _user;
    private readonly byte[]? _password;
    private readonly string[] _challenges;

    public AdminAuthentication(StickyHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _token = Digest(options.AdminToken);
        if (!string.IsNullOrEmpty(options.AdminUser) && !string.IsNullOrEmpty(options.AdminPassword))
        {
            _user = Digest(options.AdminUser);
            _password = Digest(options.AdminPassword);
        }

        _challenges = _token is null
            ? [$"Basic realm=\"{Realm}\", charset=\"UTF-8\""]
            : [$"Bearer realm=\"{Realm}\"", $"Basic realm=\"{Realm}\", charset=\"UTF-8\""];
    }

    /// <summary>Whether any credential is configured.</summary>
    public bool Enabled => _token is not null || _user is not null;

    /// <summary>Adds a configuration error when only half of the basic credentials is set.</summary>
    public static void Validate(StickyHostOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(options.AdminUser) != string.IsNullOrEmpty(options.AdminPassword))
        {
            errors.Add("Sticky:Host:AdminUser and Sticky:Host:AdminPassword go together: set both for basic auth on the admin port, or neither");
        }

        if (options.AdminUser?.Contains(':', StringComparison.Ordinal) == true)
        {
            errors.Add("Sticky:Host:AdminUser must not contain ':' (basic auth separates user and password with it)");
        }
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!Enabled || context.Request.Path.Equals("/ping", StringComparison.OrdinalIgnoreCase) || IsAuthorized(context.Request.Headers.Authorization.ToString()))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = _challenges;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("401 Unauthorized: the admin port needs credentials\n", context.RequestAborted);
    }

    internal bool IsAuthorized(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is not { Length: > 0 } parameter)
        {
            return false;
        }

        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return _token is not null && Matches(_token, parameter);
        }

        if (!value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || !TryDecodeBasic(parameter, out var user, out var password))
        {
            return false;
        }

        // Evaluate every comparison (no short-circuit), so timing does not tell which part was wrong.
        var basic = _user is not null & Matches(_user, user) & Matches(_password, password);
        var token = _token is not null & Matches(_token, password);
        return basic | token;
    }

    private static bool Matches(byte[]? expected, string presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        return expected is not null && CryptographicOperations.FixedTimeEquals(expected, digest);
    }

    private static bool TryDecodeBasic(string parameter, out string user, out string password)
    {
        user = password = string.Empty;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }

    private static byte[]? Digest(string? secret) => string.IsNullOrEmpty(secret) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
