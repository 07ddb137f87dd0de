import Foundation
import MusterCore

/// Bar charts drawn as inline SVG, so a report is one file that prints the same anywhere and
/// fetches nothing. Every bar carries its number as text: the chart reads without a legend
/// key, on paper, and to a screen reader.
enum SVGChart {
    struct Series {
        var name: String
        var colour: String
    }

    /// Groups of upright bars along the bottom, one group per category (the months).
    static func columns(title: String, categories: [String], series: [Series], values: [[Int]]) -> String {
        let width = 680.0, height = 250.0, left = 34.0, top = 30.0, bottom = 40.0
        let plotWidth = width - left - 10, plotHeight = height - top - bottom
        let axis = Axis(maximum: Double(values.flatMap { $0 }.max() ?? 0))
        let group = plotWidth / Double(max(categories.count, 1))
        let bar = min(22, group * 0.8 / Double(max(series.count, 1)))
        let every = max(1, Int((Double(categories.count) / 12).rounded(.up)))
        var parts = [open(title, width: width, height: height), legend(series, x: left, y: 14)]
        for tick in axis.ticks {
            let y = top + plotHeight - plotHeight * tick / axis.maximum
            parts.append(line(x1: left, y1: y, x2: width - 10, y2: y, colour: "#d0d0d0"))
            parts.append(text(axis.label(tick), x: left - 4, y: y + 3.5, anchor: "end", size: 9, colour: "#555"))
        }
        for (index, category) in categories.enumerated() {
            let start = left + group * Double(index) + (group - bar * Double(series.count)) / 2
            for (s, row) in values.enumerated() where index < row.count {
                let value = Double(row[index])
                let h = plotHeight * value / axis.maximum
                let x = start + bar * Double(s)
                parts.append(rect(x: x, y: top + plotHeight - h, width: bar - 1, height: h, colour: series[s].colour,
                                  label: "\(category) \(series[s].name): \(row[index])"))
                if row[index] > 0 {
                    parts.append(text(String(row[index]), x: x + (bar - 1) / 2, y: top + plotHeight - h - 2, anchor: "middle", size: 8.5))
                }
            }
            if index % every == 0 {
                parts.append(text(category, x: left + group * (Double(index) + 0.5), y: top + plotHeight + 14, anchor: "middle", size: 9.5))
            }
        }
        parts.append(line(x1: left, y1: top + plotHeight, x2: width - 10, y2: top + plotHeight, colour: "#333"))
        return parts.joined(separator: "\n") + "\n</svg>"
    }

    /// One row per category, bars across: the reasons, the agencies, confidence before and
    /// after. `maximum` fixes the scale (a 1–5 rating); otherwise it fits the largest value.
    static func bars(title: String, categories: [String], series: [Series], values: [[Double]],
                     maximum: Double? = nil, format: (Double) -> String) -> String {
        let width = 680.0, labelWidth = 210.0, valueWidth = 60.0, row = 16.0, gap = 8.0, top = series.count > 1 ? 28.0 : 8.0
        let groupHeight = row * Double(series.count) + gap
        let height = top + groupHeight * Double(categories.count) + 6
        let plotWidth = width - labelWidth - valueWidth
        let scale = maximum ?? Axis(maximum: values.flatMap { $0 }.max() ?? 0).maximum
        var parts = [open(title, width: width, height: height)]
        if series.count > 1 { parts.append(legend(series, x: labelWidth, y: 14)) }
        for (index, category) in categories.enumerated() {
            let y = top + groupHeight * Double(index)
            parts.append(text(category, x: labelWidth - 8, y: y + row * Double(series.count) / 2 + 4, anchor: "end", size: 10.5))
            for (s, values) in values.enumerated() where index < values.count {
                let value = values[index]
                let w = scale > 0 ? plotWidth * min(value, scale) / scale : 0
                let barY = y + row * Double(s)
                parts.append(rect(x: labelWidth, y: barY, width: w, height: row - 2, colour: series[s].colour,
                                  label: "\(category) \(series[s].name): \(format(value))"))
                parts.append(text(format(value), x: labelWidth + w + 4, y: barY + row - 5, anchor: "start", size: 9.5))
            }
        }
        parts.append(line(x1: labelWidth, y1: top - 2, x2: labelWidth, y2: height - 6, colour: "#333"))
        return parts.joined(separator: "\n") + "\n</svg>"
    }

    /// A scale that ends on a round number with four or five gridlines.
    struct Axis {
        let maximum: Double
        let step: Double

        init(maximum value: Double) {
            guard value > 0 else { maximum = 1; step = 1; return }
            let raw = value / 4
            let magnitude = pow(10, floor(log10(raw)))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
            self.step = max(step, 1)
            maximum = (value / self.step).rounded(.up) * self.step
        }

        var ticks: [Double] { stride(from: 0, through: maximum, by: step).map { $0 } }
        func label(_ tick: Double) -> String { String(Int(tick)) }
    }

    private static func open(_ title: String, width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
            + "aria-label=\"\(HTMLText.escape(title))\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n<title>\(HTMLText.escape(title))</title>"
    }

    private static func legend(_ series: [Series], x: Double, y: Double) -> String {
        var offset = x
        return series.map { item in
            defer { offset += 24 + Double(item.name.count) * 6.5 }
            return rect(x: offset, y: y - 9, width: 10, height: 10, colour: item.colour, label: nil)
                + text(item.name, x: offset + 14, y: y, anchor: "start", size: 10)
        }.joined()
    }

    private static func rect(x: Double, y: Double, width: Double, height: Double, colour: String, label: String?) -> String {
        "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" height=\"\(n(max(height, 0)))\" fill=\"\(colour)\">"
            + (label.map { "<title>\(HTMLText.escape($0))</title>" } ?? "") + "</rect>"
    }

    private static func line(x1: Double, y1: Double, x2: Double, y2: Double, colour: String) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(colour)\" stroke-width=\"0.8\"/>"
    }

    private static func text(_ content: String, x: Double, y: Double, anchor: String, size: Double, colour: String = "#1b1b1b") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(size))\" fill=\"\(colour)\">\(HTMLText.escape(content))</text>"
    }

    /// Coordinates to a tenth: small files, and the same text on every machine.
    private static func n(_ value: Double) -> String { DecimalText.text((value * 10).rounded() / 10) }
}
