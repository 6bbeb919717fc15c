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
        let headDimension = c.headDimension, kvDimension = c.kvDimension
        let group = c.headCount / c.headCountKV
        let scale = 1 / Float(headDimension).squareRoot()
        var output = [Float](repeating: 0, count: c.headCount * headDimension)
        var scores = [Float](repeating: 0, count: positions)
        query.withUnsafeBufferPointer { q in
            keys.withUnsafeBufferPointer { k in
                values.withUnsafeBufferPointer { v in
                    scores.withUnsafeMutableBufferPointer { s in
                        output.withUnsafeMutableBufferPointer { out in
                            for head in 0..<c.headCount {
                                let kvOffset = (head / group) * headDimension
                                let qHead = q.baseAddress! + head * headDimension
                                for t in 0..<positions {
                                    s[t] = VectorKernels.dot(
                                        qHead, k.baseAddress! + t * kvDimension + kvOffset, count: headDimension) * scale
                                }
                                VectorKernels.softmax(s.baseAddress!, count: positions)
                                let outHead = out.baseAddress! + head * headDimension
                                for t in 0..<positions {
                                    let weight = s[t], vRow = v.baseAddress! + t * kvDimension + kvOffset
                                    for d in 0..<headDimension { outHead[d] += weight * vRow[d] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
