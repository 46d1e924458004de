using System.Collections.Immutable;

namespace Baton.Core.Definitions;

/// <summary>One case of a <c>switch</c> step: a condition and the steps on its branch.</summary>
public sealed record SwitchCase(string When, ImmutableArray<string> Steps);
