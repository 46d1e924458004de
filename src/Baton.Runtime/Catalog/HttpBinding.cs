using System.Collections.Immutable;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Calls an HTTP endpoint; a JSON response body becomes the output.</summary>
/// <remarks>Private, loopback, link-local and metadata addresses are refused unless
/// <see cref="AllowPrivateNetwork"/> is set.</remarks>
public sealed record HttpBinding(string Name, string Method, Template Url, ImmutableDictionary<string, Template> Headers,
    TemplateTree? Body, bool AllowPrivateNetwork, TimeSpan? Timeout) : TaskBinding(Name, Timeout)
{
    /// <summary>The app settings the headers read as <c>${secrets.NAME}</c>, resolved at each dispatch (and only if
    /// <c>BATON_SECRETS_ALLOW</c> lets bindings read them); the values never reach a definition, history or log.</summary>
    public ImmutableArray<string> Secrets { get; init; } = [];

    /// <summary>The local server the binding starts before it calls it (<c>serve</c>), or null when the service runs on its own.</summary>
    public ServeSpec? Serve { get; init; }
}
