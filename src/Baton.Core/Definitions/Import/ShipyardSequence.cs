namespace Baton.Core.Definitions.Import;

/// <summary>One sequence of a shipyard as a native workflow named <c>&lt;stage&gt;.&lt;sequence&gt;</c>.</summary>
/// <param name="Name">The workflow's name, <c>&lt;stage&gt;.&lt;sequence&gt;</c>.</param>
/// <param name="Workflow">The native document, positioned in the shipyard file.</param>
/// <param name="Triggers">The sequences this one's finish may start (<c>triggeredOn</c> links), by workflow name.</param>
public sealed record ShipyardSequence(string Name, SourceDocument Workflow, IReadOnlyList<string> Triggers);
