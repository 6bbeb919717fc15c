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
        guard !tokens.isEmpty else { throw LanguageModelError.emptyInput }
        guard cache.count + tokens.count <= c.contextLength else {
            throw LanguageModelError.contextFull(contextLength: c.contextLength)
        }
        let n = tokens.count, width = c.embeddingLength, start = cache.count
        var states = try tokens.flatMap { try embedding(of: $0) }
        let angles = (start..<start + n).map { rope.angles(at: $0) }
        for (index, layer) in weights.layers.enumerated() {
            let normed = normalize(states, count: n, weight: layer.attentionNorm)
            var queries = layer.query.multiply(batch: normed, count: n)
            var keys = layer.key.multiply(batch: normed, count: n)
            let values = layer.value.multiply(batch: normed, count: n)
            let queryWidth = c.headCount * c.headDimension
            for p in 0..<n {
                var query = Array(queries[p * queryWidth..<(p + 1) * queryWidth])
                var key = Array(keys[p * c.kvDimension..<(p + 1) * c.kvDimension])
                rope.rotate(&query, heads: c.headCount, cos: angles[p].cos, sin: angles[p].sin)
                rope.rotate(&key, heads: c.headCountKV, cos: angles[p].cos, sin: angles[p].sin)
                queries.replaceSubrange(p * queryWidth..<(p + 1) * queryWidth, with: query)
                keys.replaceSubrange(p * c.kvDimension..<(p + 1) * c.kvDimension, with: key)
            }
            cache.append(layer: index, keys: keys, values: values, positions: n)
            var attended: [Float] = []
            attended.reserveCapacity(n * queryWidth)
            for p in 0..<n {
                // Position start + p attends to the cache's first start + p + 1 positions (causal).
                attended += Attention.attend(
                    query: Array(queries[p * queryWidth..<(p + 1) * queryWidth]), keys: cache.keys[index],
                    values: cache.values[index], positions: start + p + 1, configuration: c)
            }
            add(layer.attentionOutput.multiply(batch: attended, count: n), to: &states)
            let normedAgain = normalize(states, count: n, weight: layer.feedForwardNorm)
            var gate = layer.gate.multiply(batch: normedAgain, count: n)
            let up = layer.up.multiply(batch: normedAgain, count: n)
            for i in gate.indices { gate[i] = VectorKernels.silu(gate[i]) * up[i] }
            add(layer.down.multiply(batch: gate, count: n), to: &states)
        }
        cache.advance(by: n)
        let last = Array(states[(n - 1) * width..<n * width])
        return weights.head.multiply(VectorKernels.rmsNorm(last, weight: weights.outputNorm, epsilon: c.rmsNormEpsilon))
    }

    /// RMSNorm of each of `count` vectors laid back to back.
    private func normalize(_ states: [Float], count: Int, weight: [Float]) -> [Float] {
        let width = configuration.embeddingLength
        var out: [Float] = []
        out.reserveCapacity(states.count)
        for p in 0..<count {
            out += VectorKernels.rmsNorm(
                Array(states[p * width..<(p + 1) * width]), weight: weight, epsilon: configuration.rmsNormEpsilon)
        }
        return out
    }

    private func add(_ delta: [Float], to x: inout [Float]) {
        for i in x.indices { x[i] += delta[i] }
    }
}
