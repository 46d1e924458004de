using Baton.Core.Definitions;

namespace Baton.Runtime.Registration;

/// <summary>A registered workflow version whose wiring a new catalog version would break, with the problem it would have.</summary>
public sealed record WiringBreak(string Workflow, string Version, Diagnostic Problem);
