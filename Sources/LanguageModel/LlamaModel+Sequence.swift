extension LlamaModel {
    /// The logits after every position of `tokens`, computed layer by layer over the whole sequence without a
    /// KV cache (each layer's keys and values for all positions first, then causal attention).
    ///
    /// Slower than the cached path for generation; it exists as an independent reference for the cache.
    /// - Throws: `LanguageModelError.emptyInput`, `.tokenOutOfRange`, `.contextFull` (more tokens than the context).
    public func logitsForEveryPosition(of tokens: [Int]) throws -> [[Float]] {
        let c = configuration
        guard !tokens.isEmpty else { throw LanguageModelError.emptyInput }
        guard tokens.count <= c.contextLength else { throw LanguageModelError.contextFull(contextLength: c.contextLength) }
        var states = try tokens.map { try embedding(of: $0) }
        let angles = tokens.indices.map { rope.angles(at: $0) }
        for layer in weights.layers {
            var keys: [Float] = [], values: [Float] = [], queries: [[Float]] = []
            for (position, x) in states.enumerated() {
                let normed = VectorKernels.rmsNorm(x, weight: layer.attentionNorm, epsilon: c.rmsNormEpsilon)
                var query = layer.query.multiply(normed), key = layer.key.multiply(normed)
                rope.rotate(&query, heads: c.headCount, cos: angles[position].cos, sin: angles[position].sin)
                rope.rotate(&key, heads: c.headCountKV, cos: angles[position].cos, sin: angles[position].sin)
                queries.append(query)
                keys += key
                values += layer.value.multiply(normed)
            }
            for position in states.indices {
                // Position p attends to positions 0...p: the first p + 1 rows of keys and values.
                let attended = Attention.attend(
                    query: queries[position], keys: keys, values: values, positions: position + 1, configuration: c)
                let projected = layer.attentionOutput.multiply(attended)
                for i in 0..<c.embeddingLength { states[position][i] += projected[i] }
                let normed = VectorKernels.rmsNorm(states[position], weight: layer.feedForwardNorm, epsilon: c.rmsNormEpsilon)
                let delta = feedForward(layer, normed)
                for i in 0..<c.embeddingLength { states[position][i] += delta[i] }
            }
        }
        return states.map {
            weights.head.multiply(VectorKernels.rmsNorm($0, weight: weights.outputNorm, epsilon: c.rmsNormEpsilon))
        }
    }
}
