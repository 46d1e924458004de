using Baton.Core.Engine;

namespace Baton.Embedded.Store;

/// <summary>A stored instance: its full snapshot and which definition and catalog it runs.</summary>
public sealed record InstanceRecord(InstanceState State, InstanceBinding Binding);
