namespace Baton.Abstractions;

/// <summary>Thrown when a start names an instance id that is already taken.</summary>
public sealed class InstanceExistsException(string instanceId)
    : Exception($"An instance with id '{instanceId}' already exists.")
{
    /// <summary>The id that is taken.</summary>
    public string InstanceId { get; } = instanceId;
}
