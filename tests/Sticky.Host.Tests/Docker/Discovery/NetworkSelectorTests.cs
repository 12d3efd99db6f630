// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker.Discovery;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class NetworkSelectorTests
{
    private static readonly NetworkRef s_whoami = new("id-whoami", "whoaminet");
    private static readonly NetworkRef s_other = new("id-other", "othernet");
    private static readonly NetworkRef s_alpha = new("id-alpha", "alpha");
    private static readonly NetworkRef s_ingress = new("id-ingress", "ingress", Ingress: true);

    [Test]
    public void Select_LabelNamesAttachedNetwork_ChoosesIt()
    {
        var choice = Select(Labels("othernet"), [s_whoami, s_other], configured: "whoaminet", own: ["id-whoami"]);

        Assert.That(choice.Network, Is.EqualTo(s_other));
        Assert.That(choice.Reason, Is.EqualTo(NetworkChoiceReason.Label));
    }

    [Test]
    public void Select_LabelNamesNetworkById_ChoosesIt()
    {
        var choice = Select(Labels("id-other"), [s_whoami, s_other]);

        Assert.That(choice.Network, Is.EqualTo(s_other));
    }

    [Test]
    public void Select_LabelWithoutStackPrefix_MatchesStackNetwork()
    {
        var stackNetwork = new NetworkRef("id-stack", "shop_backend");

        var choice = NetworkSelector.Select("shop_web", Labels("backend"), null, [stackNetwork, s_other], null, stackNamespace: "shop");

        Assert.That(choice.Network, Is.EqualTo(stackNetwork));
    }

    [Test]
    public void Select_LabelNamesOtherNetwork_ErrorNamesLabelValueAndCandidates()
    {
        var choice = Select(Labels("missingnet"), [s_whoami, s_other]);

        Assert.That(choice.Network, Is.Null);
        Assert.That(choice.Error!.Label, Is.EqualTo("traefik.docker.network"));
        Assert.That(choice.Error.Value, Is.EqualTo("missingnet"));
        Assert.That(choice.Error.Reason, Does.Contain("'othernet'").And.Contain("'whoaminet'"));
    }

    [Test]
    public void Select_LabelMayNameIngress_ChoosesIt()
    {
        var choice = Select(Labels("ingress"), [s_ingress, s_whoami]);

        Assert.That(choice.Network, Is.EqualTo(s_ingress));
    }

    [Test]
    public void Select_ConfiguredNetworkAttached_ChoosesIt()
    {
        var choice = Select(Labels(null), [s_whoami, s_other], configured: "othernet", own: ["id-whoami"]);

        Assert.That(choice.Network, Is.EqualTo(s_other));
        Assert.That(choice.Reason, Is.EqualTo(NetworkChoiceReason.Configured));
    }

    [Test]
    public void Select_ConfiguredNetworkNotAttached_FallsThrough()
    {
        var choice = Select(Labels(null), [s_whoami], configured: "othernet");

        Assert.That(choice.Network, Is.EqualTo(s_whoami));
        Assert.That(choice.Reason, Is.EqualTo(NetworkChoiceReason.OnlyNetwork));
    }

    [Test]
    public void Select_OneNetworkSharedWithBalancer_ChoosesIt()
    {
        var choice = Select(Labels(null), [s_alpha, s_whoami, s_other], own: ["id-whoami", "id-unrelated"]);

        Assert.That(choice.Network, Is.EqualTo(s_whoami));
        Assert.That(choice.Reason, Is.EqualTo(NetworkChoiceReason.SharedWithBalancer));
        Assert.That(choice.Warning, Is.Null);
    }

    [Test]
    public void Select_SeveralNetworksSharedWithBalancer_OrdinalFirstWithWarning()
    {
        var choice = Select(Labels(null), [s_whoami, s_other, s_alpha], own: ["id-whoami", "id-other"]);

        Assert.That(choice.Network, Is.EqualTo(s_other));
        Assert.That(choice.Reason, Is.EqualTo(NetworkChoiceReason.FirstOfSeveral));
        Assert.That(choice.Warning, Does.Contain("'othernet', 'whoaminet'").And.Contain("traefik.docker.network"));
    }

    [Test]
    public void Select_NothingSharedWithBalancer_FallsBackToServiceNetworks()
    {
        var choice = Select(Labels(null), [s_whoami, s_ingress], own: ["id-unrelated"]);

        Assert.That(choice.Network, Is.EqualTo(s_whoami));
        Assert.That(choice.Reason, Is.EqualTo(NetworkChoiceReason.OnlyNetwork));
    }

    [Test]
    public void Select_SingleNetworkBesidesIngress_ChoosesIt()
    {
        var choice = Select(Labels(null), [s_ingress, s_whoami]);

        Assert.That(choice.Network, Is.EqualTo(s_whoami));
        Assert.That(choice.Reason, Is.EqualTo(NetworkChoiceReason.OnlyNetwork));
    }

    [Test]
    public void Select_SeveralNetworks_OrdinalFirstWithWarningNamingCandidates()
    {
        var choice = Select(Labels(null), [s_whoami, s_other, s_alpha, s_ingress]);

        Assert.That(choice.Network, Is.EqualTo(s_alpha));
        Assert.That(choice.Reason, Is.EqualTo(NetworkChoiceReason.FirstOfSeveral));
        Assert.That(choice.Warning, Does.Contain("'alpha', 'othernet', 'whoaminet'").And.Contain("using 'alpha'"));
    }

    [Test]
    public void Select_OnlyIngress_ErrorSuggestsOverlayNetwork()
    {
        var choice = Select(Labels(null), [s_ingress]);

        Assert.That(choice.Network, Is.Null);
        Assert.That(choice.Error!.Reason, Does.Contain("overlay network"));
    }

    [Test]
    public void Select_NoNetworks_Error()
    {
        var choice = Select(Labels(null), []);

        Assert.That(choice.Error, Is.Not.Null);
        Assert.That(choice.Error!.Service, Is.EqualTo("svc"));
    }

    private static NetworkChoice Select(ServiceLabels labels, NetworkRef[] attached, string? configured = null, string[]? own = null) =>
        NetworkSelector.Select("svc", labels, configured, attached, own?.ToHashSet(StringComparer.Ordinal), stackNamespace: null);

    private static ServiceLabels Labels(string? network) => new()
    {
        Dialect = LabelDialect.TraefikV1,
        PortLabel = "traefik.port",
        NetworkLabel = "traefik.docker.network",
        Network = network,
        Port = 8000,
    };
}
