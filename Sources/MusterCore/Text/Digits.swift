/// Numbers padded with zeros by hand: `String(format:)` goes through Foundation's formatter
/// and cost a listing of two thousand sessions a tenth of its time.
package enum Digits {
    /// `padded(7, 2)` is `07`; a number already as wide, or negative, is left as it is.
    package static func padded(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width || number < 0 ? text : String(repeating: "0", count: width - text.count) + text
    }
}
