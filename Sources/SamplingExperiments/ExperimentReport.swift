import Foundation

/// Tables, CSV and SVG bar charts for the experiments' results.
public enum ExperimentReport {
    /// A CSV document: a header row and one row per record; fields with commas or quotes are quoted.
    public static func csv(header: [String], rows: [[String]]) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A grouped bar chart: one group per category, one bar per series, on a linear or log10 axis.
    /// - Parameters:
    ///   - title: the chart's title.
    ///   - categories: the group labels (x axis).
    ///   - series: (name, one value per category).
    ///   - logarithmic: plot log10 of the values (all values must be positive).
    public static func barChart(title: String, categories: [String], series: [(String, [Double])],
                                logarithmic: Bool = false) -> String {
        let width = 760.0, height = 360.0, left = 70.0, bottom = 60.0, top = 40.0
        let colors = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860"]
        let values = series.flatMap(\.1).filter { !logarithmic || $0 > 0 }
        func transform(_ v: Double) -> Double { logarithmic ? log10(max(v, 1e-300)) : v }
        let low = logarithmic ? floor(values.map(transform).min() ?? 0) : 0
        let high = max(logarithmic ? ceil(values.map(transform).max() ?? 1) : (values.max() ?? 1) * 1.1, low + 1e-12)
        let plotHeight = height - bottom - top
        let groupWidth = (width - left - 20) / Double(max(categories.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(width / 2)" y="20" text-anchor="middle" font-size="14">\(escape(title))</text>
        <line x1="\(left)" y1="\(top)" x2="\(left)" y2="\(height - bottom)" stroke="black"/>
        <line x1="\(left)" y1="\(height - bottom)" x2="\(width - 20)" y2="\(height - bottom)" stroke="black"/>

        """
        for tick in 0...4 {
            let value = low + (high - low) * Double(tick) / 4
            let y = height - bottom - plotHeight * Double(tick) / 4
            let label = logarithmic ? String(format: "1e%.1f", value) : String(format: "%.3g", value)
            svg += "<text x=\"\(left - 5)\" y=\"\(y + 4)\" text-anchor=\"end\">\(label)</text>\n"
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - 20)\" y2=\"\(y)\" stroke=\"#ddd\"/>\n"
        }
        for (c, category) in categories.enumerated() {
            let groupX = left + Double(c) * groupWidth + groupWidth * 0.1
            for (s, (_, data)) in series.enumerated() where c < data.count {
                let fraction = (transform(data[c]) - low) / (high - low)
                let barHeight = max(0, min(1, fraction)) * plotHeight
                svg += "<rect x=\"\(groupX + Double(s) * barWidth)\" y=\"\(height - bottom - barHeight)\" width=\"\(barWidth * 0.95)\" height=\"\(barHeight)\" fill=\"\(colors[s % colors.count])\"/>\n"
            }
            svg += "<text x=\"\(groupX + groupWidth * 0.4)\" y=\"\(height - bottom + 15)\" text-anchor=\"middle\">\(escape(category))</text>\n"
        }
        for (s, (name, _)) in series.enumerated() {
            let x = left + Double(s) * 140
            svg += "<rect x=\"\(x)\" y=\"\(height - 25)\" width=\"12\" height=\"12\" fill=\"\(colors[s % colors.count])\"/>"
            svg += "<text x=\"\(x + 16)\" y=\"\(height - 15)\">\(escape(name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A fixed-width text table.
    public static func table(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
