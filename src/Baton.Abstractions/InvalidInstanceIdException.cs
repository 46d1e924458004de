namespace Baton.Abstractions;

/// <summary>Thrown when a start names an instance id outside the id alphabet (see <see cref="Core.Definitions.Names"/>); nothing is stored.</summary>
public sealed class InvalidInstanceIdException(string instanceId)
    : Exception($"'{(instanceId.Length > 120 ? instanceId[..120] + "..." : instanceId)}' is not a valid instance id. {Core.Definitions.Names.InstanceIdRule}")
{
    /// <summary>The id that was refused.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>Throws when <paramref name="instanceId"/> is given and invalid.</summary>
    public static void ThrowIfInvalid(string? instanceId)
    {
        if (instanceId is not null && !Core.Definitions.Names.IsValidInstanceId(instanceId))
        {
            throw new InvalidInstanceIdException(instanceId);
        }
    }
}
