/// Where the encrypted attention keeps its values: one ciphertext of n = D·H·T slots per quantity, the slot of
/// (query head h, head dimension i, cached position j) being (i·H + h)·T + j.
///
/// The head dimension is the outermost index, so summing a product over i is a *cyclic* rotate-and-add by
/// H·T, 2·H·T, … that leaves every score in every i-slot of its (h, j) — already replicated for the product
/// with the values, with no stray partial sums anywhere. Positions are innermost: the T slots of one "run"
/// ρ = i·H + h are a softmax row (block sums over T), and the run index is how the output projection reads the
/// attended vector. Keys and values are stored per query head (the K/V head h/(H/H_kv) of its group), so the
/// cache needs no per-step expansion (design notes §2.1).
public struct AttentionLayout: Sendable, Hashable {
    /// H: query heads.
    public let headCount: Int
    /// H_kv: key/value heads (H_kv divides H).
    public let keyValueHeadCount: Int
    /// D: values per head.
    public let headDimension: Int
    /// T: the positions the cache holds (the context the layout is built for).
    public let capacity: Int

    /// - Throws: `CircuitError.invalidArgument` unless H, D and T are powers of two and H_kv divides H.
    public init(headCount: Int, keyValueHeadCount: Int, headDimension: Int, capacity: Int) throws {
        func isPowerOfTwo(_ x: Int) -> Bool { x >= 1 && x & (x - 1) == 0 }
        guard isPowerOfTwo(headCount), isPowerOfTwo(headDimension), isPowerOfTwo(capacity), keyValueHeadCount >= 1,
              headCount % keyValueHeadCount == 0
        else {
            throw TransformerError.invalidConfiguration(
                "the attention layout needs powers of two H, D, T and H_kv dividing H (got H \(headCount), H_kv \(keyValueHeadCount), D \(headDimension), T \(capacity))")
        }
        self.headCount = headCount
        self.keyValueHeadCount = keyValueHeadCount
        self.headDimension = headDimension
        self.capacity = capacity
    }

    /// n = D·H·T.
    public var slotCount: Int { headDimension * headCount * capacity }

    /// H·D: the length of the query and attended vectors.
    public var queryLength: Int { headCount * headDimension }

    /// ρ = i·H + h for the query (or attended) vector's entry c = h·D + i.
    public func run(ofQueryIndex c: Int) -> Int { (c % headDimension) * headCount + c / headDimension }

    /// The slot of (h, i, j).
    public func slot(run: Int, position: Int) -> Int { run * capacity + position }

    /// The K/V vector entry stored in run ρ: (h/(H/H_kv))·D + i.
    func keyValueIndex(ofRun run: Int) -> Int {
        let (i, h) = (run / headCount, run % headCount)
        return (h / (headCount / keyValueHeadCount)) * headDimension + i
    }

    /// The query vector entry of run ρ: h·D + i.
    func queryIndex(ofRun run: Int) -> Int { (run % headCount) * headDimension + run / headCount }
}
