/// Version shown by `zhendi --version`.
public enum ZhendiVersion {
    public static let version = "0.1.0"
    public static var description: String { "zhendi \(version)" }
}
