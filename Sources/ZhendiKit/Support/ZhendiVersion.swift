/// Version shown by `zhendi --version`.
public enum ZhendiVersion {
    public static let version = "0.1.0"
    /// The git commit the binary was built from (written by the EmbedThemePlugin at build time).
    public static let commit = BuildInfo.commit
    public static var description: String { "zhendi \(version) (commit \(commit))" }
}
