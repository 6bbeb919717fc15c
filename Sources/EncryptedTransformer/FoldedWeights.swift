import LanguageModel

extension WeightMatrix {
    /// The rows as `Double`, column j multiplied by `columnFactors[j]` (W·diag(f)): how a norm's weights, or a
    /// public scale, are folded into the matrix an encrypted layer encodes, for free.
    /// - Precondition: one factor per column.
    public func rows(scalingColumnsBy columnFactors: [Double]) -> [[Double]] {
        precondition(columnFactors.count == columns, "\(columnFactors.count) factors for \(columns) columns")
        return (0..<rows).map { r in row(r).enumerated().map { Double($0.element) * columnFactors[$0.offset] } }
    }
}

extension TransformerCalibration {
    /// The plaintext traces of every token of `texts`, each text from an empty cache: what `measured` calibrates on.
    /// - Throws: tokenizer and model errors.
    public static func traces(of texts: [String], model: LlamaModel, tokenizer: BPETokenizer) throws -> [ForwardTrace] {
        var traces: [ForwardTrace] = []
        for text in texts {
            var cache = model.makeCache()
            for token in try tokenizer.encode(text) {
                traces.append(try model.trace(embedding: model.embedding(of: token), cache: &cache))
            }
        }
        return traces
    }
}
