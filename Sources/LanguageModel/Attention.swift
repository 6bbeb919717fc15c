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
        var allScores = [[Float]](repeating: [Float](repeating: 0, count: positions), count: c.headCount)
        var allWeights: [[Float]] = []
        allWeights.reserveCapacity(c.headCount)
        // The query heads of one KV head go together, so each cached key and value row is read once for the
        // group (grouped-query attention's saving; the cache is the memory traffic of long contexts). Each head's
        // arithmetic is unchanged: the same dot products and the same accumulation order over positions.
        query.withUnsafeBufferPointer { q in
            keys.withUnsafeBufferPointer { k in
                values.withUnsafeBufferPointer { v in
                    output.withUnsafeMutableBufferPointer { out in
                        for kvHead in 0..<c.headCountKV {
                            let heads = kvHead * group..<(kvHead + 1) * group
                            let kvOffset = kvHead * headDimension
                            for t in 0..<positions {
                                let kRow = k.baseAddress! + t * kvDimension + kvOffset
                                for head in heads {
                                    allScores[head][t] = VectorKernels.dot(
                                        q.baseAddress! + head * headDimension, kRow, count: headDimension) * scale
                                }
                            }
                            var weights = heads.map { allScores[$0] }
                            for index in weights.indices {
                                weights[index].withUnsafeMutableBufferPointer {
                                    VectorKernels.softmax($0.baseAddress!, count: positions)
                                }
                            }
                            allWeights += weights
                            for (index, head) in heads.enumerated() {
                                weights[index].withUnsafeBufferPointer { w in
                                    VectorKernels.weightedSum(
                                        w.baseAddress!, rows: v.baseAddress! + kvOffset, stride: kvDimension,
                                        count: positions, width: headDimension, into: out.baseAddress! + head * headDimension)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (output, allScores, allWeights)
    }
}
