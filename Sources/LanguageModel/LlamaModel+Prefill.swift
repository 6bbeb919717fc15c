extension LlamaModel {
    /// Processes `tokens` at positions `cache.count ..< cache.count + tokens.count` and returns the logits after
    /// the last one.
    ///
    /// All positions go through each layer together: every weight row is read once for the whole prompt
    /// (`WeightMatrix.multiply(batch:count:)`), and the output head runs for the last position only. The result
    /// equals feeding the tokens one at a time (up to Float32 rounding).
    /// - Throws: `LanguageModelError.emptyInput` when `tokens` is empty; `.tokenOutOfRange`; `.contextFull` when
    ///   the tokens do not fit in the context (the cache is then unchanged).
    public func logits(tokens: [Int], cache: inout KVCache) throws -> [Float] {
        let c = configuration
        let states = try hiddenStates(tokens: tokens, cache: &cache)
        let last = Array(states[(tokens.count - 1) * c.embeddingLength..<tokens.count * c.embeddingLength])
        return weights.head.multiply(VectorKernels.rmsNorm(last, weight: weights.outputNorm, epsilon: c.rmsNormEpsilon))
    }

    /// The natural-log probability the model gives each of `tokens` after the ones before it (and after what
    /// `cache` already holds): entry `t` is `log p(tokens[t + 1] | …, tokens[0...t])`, so `tokens.count − 1`
    /// values. Scores a whole text in batched passes of `chunk` positions with the head on every position —
    /// the perplexity of a generated text under the exact model.
    /// - Throws: `LanguageModelError.emptyInput`, `.tokenOutOfRange`, `.contextFull`.
    public func logProbabilities(of tokens: [Int], cache: inout KVCache, chunk: Int = 64) throws -> [Double] {
        precondition(chunk > 0, "chunk must be positive")
        guard !tokens.isEmpty else { throw LanguageModelError.emptyInput }
        let c = configuration
        guard cache.count + tokens.count <= c.contextLength else {
            throw LanguageModelError.contextFull(contextLength: c.contextLength)
        }
        var result: [Double] = []
        result.reserveCapacity(tokens.count - 1)
        var start = 0
        while start < tokens.count - 1 {
            let end = min(start + chunk, tokens.count - 1)
            let states = try hiddenStates(tokens: Array(tokens[start..<end]), cache: &cache)
            let normed = normalize(states, count: end - start, weight: weights.outputNorm)
            let logits = weights.head.multiply(batch: normed, count: end - start)
            for p in 0..<(end - start) {
                let row = logits[p * c.vocabularySize..<(p + 1) * c.vocabularySize]
                result.append(Sampler.logSoftmax(row, at: tokens[start + p + 1]))
            }
            start = end
        }
        return result
    }

    /// The final hidden states (before the output norm) of `tokens` fed at the cache's next positions, back to back.
    private func hiddenStates(tokens: [Int], cache: inout KVCache) throws -> [Float] {
        guard !tokens.isEmpty else { throw LanguageModelError.emptyInput }
        guard cache.count + tokens.count <= configuration.contextLength else {
            throw LanguageModelError.contextFull(contextLength: configuration.contextLength)
        }
        let input = try tokens.flatMap { try embedding(of: $0) }
        let rows = tokens.indices.map { BatchRow(sequence: 0, position: cache.count + $0) }
        // The cache moves into a one-element array and back, so its buffers stay uniquely referenced (no copy).
        var caches = [cache]
        cache = KVCache(layers: 0, kvDimension: 0, capacity: 0)
        let states = forward(input, rows: rows, caches: &caches)
        cache = caches.removeLast()
        return states
    }
}
