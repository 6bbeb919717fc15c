/// The paper's corruption measure, carried over to another model: a text is corrupted when one *marker* token
/// appears at least `minimumCount` (3) times in it.
///
/// For Llama-2 the authors' marker is "MS", a token the collapsed texts fill with. A model has its own, so the
/// marker is chosen from the data the same way one would spot "MS": the token that occurs at least
/// `minimumCount` times in the most polynomial-sampler texts while occurring that often in *no* exact-sampling
/// text (lowest id on ties). With no such token there is no marker and nothing counts as corrupted. Reported
/// next to the model-independent `CollapseDetector`.
public struct MarkerTokenMeasure: Sendable {
    /// The marker token's id, when one exists.
    public let marker: Int?
    public let minimumCount: Int

    /// Chooses the marker from the configurations' texts (`exact` among them marks the baseline).
    public init(results: [CollapseExperiment.Result], minimumCount: Int = 3) {
        precondition(minimumCount >= 1, "minimumCount must be positive")
        self.minimumCount = minimumCount
        var polynomial: [Int: Int] = [:]
        var exact = Set<Int>()
        for result in results {
            for text in result.texts {
                for token in Self.frequent(text.tokens, minimumCount: minimumCount) {
                    if result.configuration == "exact" { exact.insert(token) } else { polynomial[token, default: 0] += 1 }
                }
            }
        }
        marker = polynomial.filter { !exact.contains($0.key) }
            .max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// Whether `tokens` holds the marker at least `minimumCount` times.
    public func isCorrupted(_ tokens: [Int]) -> Bool {
        guard let marker else { return false }
        return tokens.lazy.filter { $0 == marker }.count >= minimumCount
    }

    /// How many of a configuration's texts are corrupted.
    public func corruptedCount(_ result: CollapseExperiment.Result) -> Int {
        result.texts.filter { isCorrupted($0.tokens) }.count
    }

    /// The tokens occurring at least `minimumCount` times in `tokens`.
    static func frequent(_ tokens: [Int], minimumCount: Int) -> Set<Int> {
        var counts: [Int: Int] = [:]
        for token in tokens { counts[token, default: 0] += 1 }
        return Set(counts.filter { $0.value >= minimumCount }.keys)
    }
}

/// Confidence intervals for a fraction of texts.
public enum ProportionInterval {
    /// The Wilson score interval for `successes` of `trials` at `z` (1.96: 95 %). Unlike the normal
    /// approximation it stays inside [0, 1] and is not empty at 0 successes (0 of 100 gives [0, 3.7 %]).
    public static func wilson(successes: Int, trials: Int, z: Double = 1.96) -> ClosedRange<Double> {
        precondition(trials > 0 && successes >= 0 && successes <= trials, "\(successes) of \(trials)")
        let n = Double(trials), p = Double(successes) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return max(0, centre - half)...min(1, centre + half)
    }
}
