import Dispatch

/// One row of a batched forward pass: an input of sequence `sequence` (an index into the caches) at `position`.
struct BatchRow: Sendable {
    let sequence: Int
    let position: Int
}

extension LlamaModel {
    /// One decoding step for many independent sequences: input `i` is read at position `caches[i].count` of its
    /// own conversation, and the result's entry `i` is that sequence's next-token logits.
    ///
    /// Every weight row is read once for the whole batch (`WeightMatrix.multiply(batch:count:)`), which turns
    /// the memory-bound matrix–vector products of single-sequence decoding into matrix–matrix products; the
    /// attention of each sequence runs over its own cache, on all cores. The logits equal those of
    /// `logits(embedding:cache:)` for each sequence alone, up to Float32 rounding (the tests hold them to it).
    /// - Parameters:
    ///   - inputs: one input embedding (`embeddingLength` values) per sequence.
    ///   - caches: one cache per sequence (the same count); each gains this position.
    /// - Throws: `LanguageModelError.emptyInput` (no inputs), `.batchMismatch` (counts differ),
    ///   `.embeddingLengthMismatch`, `.contextFull` (a full cache); the caches are then unchanged.
    public func logits(batch inputs: [[Float]], caches: inout [KVCache]) throws -> [[Float]] {
        let c = configuration
        guard !inputs.isEmpty else { throw LanguageModelError.emptyInput }
        guard inputs.count == caches.count else {
            throw LanguageModelError.batchMismatch(inputs: inputs.count, caches: caches.count)
        }
        for input in inputs where input.count != c.embeddingLength {
            throw LanguageModelError.embeddingLengthMismatch(expected: c.embeddingLength, found: input.count)
        }
        for cache in caches where cache.count >= c.contextLength {
            throw LanguageModelError.contextFull(contextLength: c.contextLength)
        }
        let rows = caches.indices.map { BatchRow(sequence: $0, position: caches[$0].count) }
        let states = forward(inputs.flatMap { $0 }, rows: rows, caches: &caches)
        let width = c.embeddingLength
        let normed = (0..<rows.count).flatMap {
            VectorKernels.rmsNorm(Array(states[$0 * width..<($0 + 1) * width]), weight: weights.outputNorm,
                                  epsilon: c.rmsNormEpsilon)
        }
        let logits = weights.head.multiply(batch: normed, count: rows.count)
        let vocabulary = c.vocabularySize
        return (0..<rows.count).map { Array(logits[$0 * vocabulary..<($0 + 1) * vocabulary]) }
    }

    /// The blocks over a batch of rows (back-to-back input embeddings in `states`): each layer's products run on
    /// all rows at once, each row's key and value join its sequence's cache, and row `i` attends causally to its
    /// sequence's first `position + 1` positions. Rows of one sequence must be contiguous and in position order,
    /// starting at that cache's count. Returns the final hidden states (before the output norm); every cache
    /// is advanced by its rows.
    func forward(_ input: [Float], rows: [BatchRow], caches: inout [KVCache]) -> [Float] {
        let c = configuration
        let n = rows.count, queryWidth = c.headCount * c.headDimension
        var states = input
        let angles = rows.map { rope.angles(at: $0.position) }
        // Each sequence's run of rows: (sequence, first row, row count).
        var runs: [(sequence: Int, start: Int, count: Int)] = []
        for (index, row) in rows.enumerated() {
            if let last = runs.last, last.sequence == row.sequence {
                precondition(row.position == rows[index - 1].position + 1, "rows of a sequence out of order")
                runs[runs.count - 1].count += 1
            } else {
                precondition(row.position == caches[row.sequence].count, "a sequence's rows must start at its cache count")
                runs.append((row.sequence, index, 1))
            }
        }
        for (index, layer) in weights.layers.enumerated() {
            let normed = normalize(states, count: n, weight: layer.attentionNorm)
            var queries = layer.query.multiply(batch: normed, count: n)
            var keys = layer.key.multiply(batch: normed, count: n)
            let values = layer.value.multiply(batch: normed, count: n)
            for p in 0..<n {
                rotate(&queries, row: p, width: queryWidth, heads: c.headCount, angles: angles[p])
                rotate(&keys, row: p, width: c.kvDimension, heads: c.headCountKV, angles: angles[p])
            }
            for run in runs {
                let range = run.start * c.kvDimension..<(run.start + run.count) * c.kvDimension
                caches[run.sequence].append(
                    layer: index, keys: Array(keys[range]), values: Array(values[range]), positions: run.count)
            }
            let rotatedQueries = queries
            let layerKeys = caches.map { $0.keys[index] }, layerValues = caches.map { $0.values[index] }
            let attended = ParallelMap.flatMap(count: n, width: queryWidth) { p in
                // Row p attends to its sequence's first position + 1 positions (causal).
                Attention.attend(
                    query: Array(rotatedQueries[p * queryWidth..<(p + 1) * queryWidth]), keys: layerKeys[rows[p].sequence],
                    values: layerValues[rows[p].sequence], positions: rows[p].position + 1, configuration: c)
            }
            add(layer.attentionOutput.multiply(batch: attended, count: n), to: &states)
            let normedAgain = normalize(states, count: n, weight: layer.feedForwardNorm)
            var gate = layer.gate.multiply(batch: normedAgain, count: n)
            let up = layer.up.multiply(batch: normedAgain, count: n)
            for i in gate.indices { gate[i] = VectorKernels.silu(gate[i]) * up[i] }
            add(layer.down.multiply(batch: gate, count: n), to: &states)
        }
        for run in runs { caches[run.sequence].advance(by: run.count) }
        return states
    }

    /// RoPE of row `row` of back-to-back vectors of `width` values.
    private func rotate(_ vectors: inout [Float], row: Int, width: Int, heads: Int, angles: (cos: [Float], sin: [Float])) {
        var vector = Array(vectors[row * width..<(row + 1) * width])
        rope.rotate(&vector, heads: heads, cos: angles.cos, sin: angles.sin)
        vectors.replaceSubrange(row * width..<(row + 1) * width, with: vector)
    }

    /// RMSNorm of each of `count` vectors laid back to back.
    func normalize(_ states: [Float], count: Int, weight: [Float]) -> [Float] {
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
