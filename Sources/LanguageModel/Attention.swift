import Foundation

/// Scaled dot-product attention of one query position over cached keys and values (grouped-query).
enum Attention {
    /// - Parameters:
    ///   - query: `headCount · headDimension` values (after RoPE).
    ///   - keys: `positions · kvDimension` values, position-major (after RoPE).
    ///   - values: `positions · kvDimension` values, position-major.
    ///   - positions: how many positions the query attends to (all of them: the causal mask is implicit).
    /// - Returns: the heads' weighted values, back to back (`headCount · headDimension`).
    static func attend(
        query: [Float], keys: [Float], values: [Float], positions: Int, configuration c: LlamaConfiguration
    ) -> [Float] {
        attendTraced(query: query, keys: keys, values: values, positions: positions, configuration: c).output
    }

    /// `attend` with the per-head scaled scores and their softmax kept (the plaintext reference of the encrypted
    /// attention); the same arithmetic in the same order.
    static func attendTraced(
        query: [Float], keys: [Float], values: [Float], positions: Int, configuration c: LlamaConfiguration
    ) -> (output: [Float], scores: [[Float]], weights: [[Float]]) {
        let headDimension = c.headDimension, kvDimension = c.kvDimension
        let group = c.headCount / c.headCountKV
        let scale = 1 / Float(headDimension).squareRoot()
        var output = [Float](repeating: 0, count: c.headCount * headDimension)
        var allScores: [[Float]] = []
        var allWeights: [[Float]] = []
        allScores.reserveCapacity(c.headCount)
        allWeights.reserveCapacity(c.headCount)
        var scores = [Float](repeating: 0, count: positions)
        query.withUnsafeBufferPointer { q in
            keys.withUnsafeBufferPointer { k in
                values.withUnsafeBufferPointer { v in
                    output.withUnsafeMutableBufferPointer { out in
                        for head in 0..<c.headCount {
                            let kvOffset = (head / group) * headDimension
                            let qHead = q.baseAddress! + head * headDimension
                            for t in 0..<positions {
                                scores[t] = VectorKernels.dot(
                                    qHead, k.baseAddress! + t * kvDimension + kvOffset, count: headDimension) * scale
                            }
                            allScores.append(scores)
                            scores.withUnsafeMutableBufferPointer { VectorKernels.softmax($0.baseAddress!, count: positions) }
                            allWeights.append(scores)
                            let outHead = out.baseAddress! + head * headDimension
                            for t in 0..<positions {
                                let weight = scores[t], vRow = v.baseAddress! + t * kvDimension + kvOffset
                                for d in 0..<headDimension { outHead[d] += weight * vRow[d] }
                            }
                        }
                    }
                }
            }
        }
        return (output, allScores, allWeights)
    }
}
