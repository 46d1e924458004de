using System.Collections.Immutable;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Runs the task in a container from an image, through the Docker Engine API or on Azure Container Instances.</summary>
/// <remarks><see cref="Command"/> is an argv array (empty: the image's own command); <see cref="Network"/> is
/// <c>none</c> (the default: no network), <c>bridge</c> or <c>host</c> (Docker only). <see cref="Platform"/> is
/// <c>docker</c> or <c>aci</c>; null takes the app setting <c>BATON_CONTAINER_PLATFORM</c> (default docker).
/// <see cref="Cpu"/> and <see cref="MemoryGb"/> are what an ACI container group requests (defaults 1 and 1.5).</remarks>
public sealed record ContainerBinding(string Name, string Image, ImmutableArray<Template> Command,
    ImmutableDictionary<string, Template> Environment, string Network, bool TextOutput, TimeSpan? Timeout,
    string? Platform = null, double? Cpu = null, double? MemoryGb = null) : TaskBinding(Name, Timeout)
{
    /// <summary>The platforms a container task can run on.</summary>
    public static readonly IReadOnlyList<string> Platforms = ["docker", "aci"];

    /// <summary>The app setting that picks the platform for bindings that do not name one.</summary>
    public const string PlatformSetting = "BATON_CONTAINER_PLATFORM";

    /// <summary>The platform this binding runs on, given the app settings.</summary>
    public string PlatformIn(Func<string, string?> appSetting) =>
        Platform ?? (appSetting(PlatformSetting) is { Length: > 0 } p ? p.Trim().ToLowerInvariant() : "docker");
}
