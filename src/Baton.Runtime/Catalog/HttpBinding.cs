using System.Collections.Immutable;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Calls an HTTP endpoint; a JSON response body becomes the output.</summary>
/// <remarks>Private, loopback, link-local and metadata addresses are refused unless
/// <see cref="AllowPrivateNetwork"/> is set.</remarks>
public sealed record HttpBinding(string Name, string Method, Template Url, ImmutableDictionary<string, Template> Headers,
    TemplateTree? Body, bool AllowPrivateNetwork, TimeSpan? Timeout) : TaskBinding(Name, Timeout);
