import Foundation

/// Rotary position embedding in llama.cpp's NORM layout (rope type 0, used for architecture "llama").
///
/// Within each head, dimensions (2i, 2i+1) for i < dimensionCount/2 form a pair rotated by the angle
/// position · base^(−2i/dimensionCount); dimensions past `dimensionCount` are left alone. (Hugging Face Llama
/// checkpoints rotate halves instead; llama.cpp's converter permutes Q and K so GGUF files use this layout.)
struct RotaryEmbedding: Sendable {
    let dimensionCount: Int
    let headDimension: Int
    private let inverseFrequencies: [Double]

    init(dimensionCount: Int, headDimension: Int, base: Float) {
        self.dimensionCount = dimensionCount
        self.headDimension = headDimension
        inverseFrequencies = (0..<dimensionCount / 2).map { i in
            Foundation.pow(Double(base), -2 * Double(i) / Double(dimensionCount))
        }
    }

    /// The cosines and sines of every pair's angle at `position`.
    func angles(at position: Int) -> (cos: [Float], sin: [Float]) {
        let angles = inverseFrequencies.map { Double(position) * $0 }
        return (angles.map { Float(Foundation.cos($0)) }, angles.map { Float(Foundation.sin($0)) })
    }

    /// Rotates every head of `vector` (heads of `headDimension` values, back to back) in place.
    func rotate(_ vector: inout [Float], heads: Int, cos: [Float], sin: [Float]) {
        precondition(vector.count == heads * headDimension, "RoPE of \(vector.count) values for \(heads) heads")
        for head in 0..<heads {
            let base = head * headDimension
            for i in 0..<dimensionCount / 2 {
                let x0 = vector[base + 2 * i], x1 = vector[base + 2 * i + 1]
                vector[base + 2 * i] = x0 * cos[i] - x1 * sin[i]
                vector[base + 2 * i + 1] = x0 * sin[i] + x1 * cos[i]
            }
        }
    }
}

extension LlamaModel {
    /// RoPE at `position` applied in place to `heads` heads of `headDimension` values, exactly as the forward
    /// pass applies it to queries and keys. At a public position RoPE is a public linear map (a rotation of each
    /// pair of dimensions), so an encrypted layer can fold it into the projection that precedes it.
    /// - Precondition: `vector.count == heads · headDimension`.
    public func applyRotaryEmbedding(to vector: inout [Float], heads: Int, position: Int) {
        let (cos, sin) = rope.angles(at: position)
        rope.rotate(&vector, heads: heads, cos: cos, sin: sin)
    }
}
