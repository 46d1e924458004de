namespace Baton.Abstractions;

/// <summary>What became of a migration request.</summary>
public enum MigrationOutcome
{
    /// <summary>The instance runs the new version from now on; its history records the move.</summary>
    Migrated,

    /// <summary>A dry run found the instance compatible; nothing changed.</summary>
    Compatible,

    /// <summary>The instance cannot move, for the reasons given; nothing changed.</summary>
    Refused,

    /// <summary>The request was handed to the instance, which had not taken it up when the backend stopped waiting
    /// (a Durable orchestration busy or unloaded); it applies it, or refuses it, when it next runs.</summary>
    Requested,
}
