// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Affinity.Tests;

[TestFixture]
public sealed class AffinityCookieNameTests
{
    [Test]
    public void Derive_SeedService_GivesTraefikV1Name()
    {
        // The seed tutorial's Traefik v1 log: "Sticky session with cookie _a49bc".
        Assert.That(AffinityCookieName.Derive("whoami-service"), Is.EqualTo("_a49bc"));
    }

    [TestCase("my_stack_web.1")]
    [TestCase("my-stack-web-1")]
    [TestCase("__my..stack__web--1__")]
    public void Derive_PunctuationRuns_NormalizeAsTraefikV1(string serviceName)
    {
        // sha1("_TRAEFIK_BACKEND_backend-my-stack-web-1"), computed independently.
        Assert.That(AffinityCookieName.Derive(serviceName), Is.EqualTo("_41047"));
    }

    [TestCase("whoami-service", "whoami-service")]
    [TestCase("stack_whoami", "stack-whoami")]
    [TestCase("a.b_c d", "a-b-c-d")]
    [TestCase("--a--", "a")]
    [TestCase("caf\u00e9_2", "caf\u00e9-2")]
    [TestCase("___", "")]
    public void NormalizeServiceName_Input_JoinsLetterAndNumberRunsWithDash(string serviceName, string expected)
    {
        Assert.That(AffinityCookieName.NormalizeServiceName(serviceName), Is.EqualTo(expected));
    }

    [TestCase("whoami@docker", "_633ff")]
    [TestCase("backend1", "_73be0")]
    [TestCase("backend-whoami-service", "_a49bc")]
    public void FromBackendName_TraefikBackendName_HashesItUnchanged(string backendName, string expected)
    {
        Assert.That(AffinityCookieName.FromBackendName(backendName), Is.EqualTo(expected));
    }

    [TestCase("lvl1", "lvl1")]
    [TestCase("my cookie;x=1", "my_cookie_x_1")]
    [TestCase("!#$%&'*+-.^`|~", "!#$%&'*+-.^`|~")]
    [TestCase("a\"b,c/d", "a_b_c_d")]
    [TestCase("caf\u00e9", "caf_")]
    [TestCase("a\ud83d\ude00b", "a_b")]
    [TestCase(" ", "_")]
    public void Sanitize_ConfiguredName_ReplacesNonTokenRunesWithUnderscore(string configured, string expected)
    {
        Assert.That(AffinityCookieName.Sanitize(configured), Is.EqualTo(expected));
    }

    [Test]
    public void Sanitize_Empty_Throws()
    {
        Assert.That(() => AffinityCookieName.Sanitize(string.Empty), Throws.ArgumentException);
    }
}
