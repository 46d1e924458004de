namespace Baton.Embedded.Store;

/// <summary>Which definition and catalog an instance runs; written once, when it is created.</summary>
public sealed record InstanceBinding(string DefinitionHash, string? CatalogHash);
