/// How people write a measured number: `3`, `2.5`, `4.33`, to the hundredth, whole numbers
/// without a point and sums without floating-point noise.
public enum DecimalText {
    public static func text(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
