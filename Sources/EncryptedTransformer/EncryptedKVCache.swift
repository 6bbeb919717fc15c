import CKKS

/// The encrypted keys and values of every position processed so far, per layer, in `AttentionLayout`'s slots
/// (position j in the innermost index). A decode step adds one position's keys and values — a ciphertext that is
/// zero outside that position's slots — so the cache is two ciphertexts per layer whatever its length, always
/// at the level right below a bootstrap, and never consumed by the products that read it.
///
/// A value type: copying it forks the conversation (as `LanguageModel.KVCache`).
public struct EncryptedKVCache: Sendable {
    /// The positions held: the position of the next token.
    public private(set) var count = 0
    /// T.
    public let capacity: Int
    /// Per layer, K and V (nil before the first position).
    public internal(set) var keys: [Ciphertext?]
    public internal(set) var values: [Ciphertext?]

    public init(layers: Int, capacity: Int) {
        self.capacity = capacity
        keys = Array(repeating: nil, count: layers)
        values = Array(repeating: nil, count: layers)
    }

    /// Adds one position's K and V to layer `layer` (the caller advances once every layer has).
    mutating func insert(layer: Int, key: Ciphertext, value: Ciphertext, evaluator: Evaluator) throws {
        keys[layer] = try keys[layer].map { try evaluator.add($0, key) } ?? key
        values[layer] = try values[layer].map { try evaluator.add($0, value) } ?? value
    }

    /// Marks the position done, once every layer has inserted it (`EncryptedTransformerModel.step` does this;
    /// call it yourself only when driving single layers).
    public mutating func advance() { count += 1 }
}
