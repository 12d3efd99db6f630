// Licensed under the MIT License. See LICENSE in the repository root.

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sticky.Host.Configuration;

/// <summary>Loads the proxy listener's certificate, turning every failure into a readable error.</summary>
internal static class ProxyCertificate
{
    public static X509Certificate2? Load(StickyHostOptions options, List<string> errors)
    {
        var certificate = options.Certificate;
        if (certificate is null || string.IsNullOrWhiteSpace(certificate.Path))
        {
            return null;
        }

        try
        {
            return string.IsNullOrWhiteSpace(certificate.KeyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(certificate.Path, certificate.Password)
                : LoadPem(certificate.Path, certificate.KeyPath, certificate.Password);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"Sticky:Host:Certificate: cannot load '{certificate.Path}': {ex.Message}");
            return null;
        }
    }

    private static X509Certificate2 LoadPem(string path, string keyPath, string? password)
    {
        using var pem = string.IsNullOrEmpty(password)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);

        // An ephemeral PEM key cannot serve TLS on every platform; a PKCS#12 round trip makes it persistable.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
