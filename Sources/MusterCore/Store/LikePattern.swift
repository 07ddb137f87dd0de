/// Escapes what a person types so `%` and `_` in it match themselves in a LIKE pattern.
enum LikePattern {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
