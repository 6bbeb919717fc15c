/// The keys and values of every position processed so far, per layer (after RoPE, as llama.cpp caches them).
///
/// A value type: copying a cache forks the conversation, which the tests use to compare paths.
public struct KVCache: Sendable {
    /// How many positions the cache holds: the position of the next token.
    public private(set) var count = 0
    /// The most positions the model supports.
    public let capacity: Int
    let kvDimension: Int
    var keys: [[Float]]
    var values: [[Float]]

    init(layers: Int, kvDimension: Int, capacity: Int) {
        self.capacity = capacity
        self.kvDimension = kvDimension
        keys = Array(repeating: [], count: layers)
        values = Array(repeating: [], count: layers)
    }

    /// Stores one layer's key and value for the position `count` (the position being processed).
    mutating func append(layer: Int, key: [Float], value: [Float]) {
        precondition(key.count == kvDimension && value.count == kvDimension, "KV of the wrong width")
        precondition(keys[layer].count == count * kvDimension, "layer \(layer) appended twice for one position")
        keys[layer].append(contentsOf: key)
        values[layer].append(contentsOf: value)
    }

    /// Stores one layer's keys and values for `positions` positions from `count` on (position-major).
    mutating func append(layer: Int, keys newKeys: [Float], values newValues: [Float], positions: Int) {
        precondition(newKeys.count == positions * kvDimension && newValues.count == newKeys.count, "KV of the wrong width")
        precondition(keys[layer].count == count * kvDimension, "layer \(layer) appended twice for one position")
        keys[layer].append(contentsOf: newKeys)
        values[layer].append(contentsOf: newValues)
    }

    /// Marks `positions` positions done, once every layer has appended them.
    mutating func advance(by positions: Int = 1) { count += positions }

    /// Forgets every position.
    public mutating func reset() {
        count = 0
        for layer in keys.indices {
            keys[layer].removeAll(keepingCapacity: true)
            values[layer].removeAll(keepingCapacity: true)
        }
    }
}
