// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Sticky.Host.Configuration;

namespace Sticky.Host;

/// <summary>
/// Composes the standalone balancer: configuration (appsettings.json, <c>STICKY__</c> variables, the
/// command line and Traefik's flags), logging, the proxy listener and the admin listener.
/// </summary>
internal static partial class StickyHost
{
    /// <summary>Builds the application; throws <see cref="HostConfigurationException"/> for bad input.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Problems are collected, not thrown one by one: a user fixing a command line sees all of them at once.
        var (flags, remaining, errors) = CommandLineTranslator.Translate(args);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = remaining,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Precedence, lowest first: appsettings.json, STICKY__ variables, the command line, Traefik flags.
        builder.Configuration.AddJsonFile(source =>
        {
            source.Path = "appsettings.json";
            source.Optional = true;
            source.ReloadOnChange = true;
            source.FileProvider = new OffPoolReloadFileProvider(builder.Environment.ContentRootFileProvider);
        });
        builder.Configuration.AddInMemoryCollection(ReadStickyEnvironment());
        builder.Configuration.AddCommandLine(remaining);
        builder.Configuration.AddInMemoryCollection(flags);

        var hostOptions = builder.Configuration.GetSection(StickyHostOptions.SectionName).Get<StickyHostOptions>() ?? new StickyHostOptions();
        if (hostOptions.Demo)
        {
            UseDemoDefaults(builder, hostOptions);
        }
        ConfigureLogging(builder, hostOptions, errors);
        ConfigureListeners(builder, hostOptions, errors);
        var docker = DockerSettings.Read(builder.Configuration, errors);
        Admin.AdminAuthentication.Validate(hostOptions, errors);
        if (errors.Count > 0)
        {
            throw new HostConfigurationException(errors);
        }

        // The Docker watcher is registered first: hosted services start in order, so the first listing is
        // in before the routing table is built and the proxy opens.
        if (docker is not null)
        {
            try
            {
                builder.Services.AddDockerProvider(docker);
            }
            catch (OptionsValidationException ex)
            {
                throw new HostConfigurationException([.. ex.Failures]);
            }
        }

        builder.Services.AddSticky();

        // On SIGTERM Kestrel stops accepting at once and in-flight requests get the grace period to finish.
        var grace = builder.Configuration.GetSection("Sticky:Health").GetValue("ShutdownGracePeriod", new Health.HealthOptions().ShutdownGracePeriod);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = grace + TimeSpan.FromSeconds(1));
        Admin.AdminEndpoints.AddStickyAdmin(builder.Services, hostOptions);

        builder.Services.AddRouting();
        configure?.Invoke(builder);

        var app = builder.Build();
        if (hostOptions.Admin)
        {
            app.MapWhen(AdminConnection.IsAdmin, Admin.AdminEndpoints.Configure);
        }

        // Routing for the proxy runs after the admin branch, so admin requests never match the proxy's catch-all.
        app.UseRouting();
        app.MapSticky();
        return app;
    }

    // The demo runs unprivileged on loopback: the seed's published ports, 8080 for traffic and 9090 for admin.
    private static void UseDemoDefaults(WebApplicationBuilder builder, StickyHostOptions options)
    {
        var defaults = new StickyHostOptions();
        if (options.ProxyAddress == defaults.ProxyAddress)
        {
            options.ProxyAddress = "127.0.0.1:8080";
        }

        if (options.AdminAddress == defaults.AdminAddress)
        {
            options.AdminAddress = "127.0.0.1:9090";
        }

        builder.Services.AddSingleton<Demo.DemoService>();
        builder.Services.AddSingleton(new Providers.InMemoryBackendProvider(name: "demo"));
        builder.Services.AddSingleton<Providers.IBackendProvider>(static sp => sp.GetRequiredService<Providers.InMemoryBackendProvider>());
        builder.Services.AddHostedService(static sp => sp.GetRequiredService<Demo.DemoService>());
    }

    // STICKY__Services__web__Rule=... maps to Sticky:Services:web:Rule, as ASP.NET maps "__" to ":".
    private static Dictionary<string, string?> ReadStickyEnvironment()
    {
        const string Prefix = "STICKY__";
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                settings["Sticky:" + key[Prefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = variable.Value as string;
            }
        }

        return settings;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, StickyHostOptions options, List<string> errors)
    {
        if (!LogLevels.TryParse(options.LogLevel, out var level))
        {
            errors.Add($"log level '{options.LogLevel}' is not one of DEBUG, INFO, WARN, ERROR (or Trace, Information, Warning, Critical)");
            return;
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(static console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
        });
        builder.Logging.SetMinimumLevel(level);

        // A category-less rule added here outranks a "Default" from appsettings.json, so --loglevel always wins.
        builder.Logging.AddFilter((string?)null, level);

        // ASP.NET's own debug output would drown Sticky's; it stays at Warning unless TRACE is asked for.
        var frameworkLevel = level == LogLevel.Trace ? LogLevel.Trace : LogLevel.Warning;
        builder.Logging.AddFilter("Microsoft", frameworkLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", frameworkLevel);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        // This category only ever logs per-request "Request starting/finished" lines at Information. Enabled at
        // any level, it makes ASP.NET create an Activity and a logging scope for every request so those lines
        // could be correlated: about 600 bytes and an ExecutionContext change per proxied request, for nothing.
        // OpenTelemetry tracing still gets its Activity: a listener on ASP.NET's source makes it.
        if (level != LogLevel.Trace)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }
    }

    private static void ConfigureListeners(WebApplicationBuilder builder, StickyHostOptions options, List<string> errors)
    {
        if (!ListenAddress.TryParse(options.ProxyAddress, out var proxyIp, out var proxyPort, out var proxyError))
        {
            errors.Add($"Sticky:Host:ProxyAddress: {proxyError}");
        }

        IPAddress adminIp = IPAddress.Any;
        var adminPort = 0;
        if (options.Admin && !ListenAddress.TryParse(options.AdminAddress, out adminIp, out adminPort, out var adminError))
        {
            errors.Add($"Sticky:Host:AdminAddress: {adminError}");
        }

        if (options.Admin && proxyPort != 0 && proxyPort == adminPort)
        {
            errors.Add($"the proxy and the admin endpoint both want port {proxyPort}; give them different ports");
        }

        var certificate = ProxyCertificate.Load(options, errors);
        var protocols = ResolveProtocols(options, certificate is not null, errors);
        if (errors.Count > 0)
        {
            return;
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Headers beyond Kestrel's defaults (32 KB total) are refused with 431, never forwarded.
            kestrel.AddServerHeader = false;

            // A proxy streams bodies of any size; limits belong to the backends that know their payloads.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(proxyIp, proxyPort, listen =>
            {
                listen.Protocols = protocols;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            if (options.Admin)
            {
                kestrel.Listen(adminIp, adminPort, AdminConnection.Mark);
            }
        });
    }

    // HTTP/2 needs TLS (ALPN) to share a port with HTTP/1.1; without a certificate it is either HTTP/1.1
    // or, when asked for explicitly, HTTP/2 with prior knowledge (h2c) only.
    private static HttpProtocols ResolveProtocols(StickyHostOptions options, bool tls, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ProxyProtocols))
        {
            return tls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
        }

        if (!Enum.TryParse<HttpProtocols>(options.ProxyProtocols, ignoreCase: true, out var protocols)
            || protocols is not (HttpProtocols.Http1 or HttpProtocols.Http2 or HttpProtocols.Http1AndHttp2))
        {
            errors.Add($"Sticky:Host:ProxyProtocols: '{options.ProxyProtocols}' is not one of Http1, Http2, Http1AndHttp2");
            return HttpProtocols.Http1;
        }

        if (protocols == HttpProtocols.Http1AndHttp2 && !tls)
        {
            errors.Add("Sticky:Host:ProxyProtocols: Http1AndHttp2 needs a certificate (Sticky:Host:Certificate:Path); without TLS choose Http1, or Http2 for h2c clients");
        }

        return protocols;
    }
}
