namespace Baton.Runtime.Catalog;

/// <summary>Runs an in-process .NET function registered in code.</summary>
public sealed record FunctionBinding(string Name, string Function, TimeSpan? Timeout) : TaskBinding(Name, Timeout);
