/// A cyclic tour stored as an array with a position index: O(1) successor, predecessor and
/// position queries, and 2-opt moves by reversing the shorter of the two paths they could reverse.
///
/// An open path of V tokens is handled as a cycle of V + 1 nodes: node V is a dummy at distance 0
/// from every token, and cutting the cycle at the dummy gives the path back, with the same cost.
/// Reversing either side of a 2-opt move yields the same cycle (only its direction differs), which is
/// why the shorter side may be chosen; this is valid on the cycle, not on the open path, hence the dummy.
struct ArrayTour {
    private(set) var order: [Int32]
    private(set) var position: [Int32]
    var count: Int { order.count }

    init(_ nodes: [Int]) {
        order = nodes.map { Int32($0) }
        position = [Int32](repeating: 0, count: nodes.count)
        for (index, node) in nodes.enumerated() { position[node] = Int32(index) }
    }

    @inline(__always) func next(_ node: Int) -> Int {
        let p = Int(position[node]) + 1
        return Int(order[p == order.count ? 0 : p])
    }

    @inline(__always) func previous(_ node: Int) -> Int {
        let p = Int(position[node])
        return Int(order[p == 0 ? order.count - 1 : p - 1])
    }

    /// Replaces edges (a, b) and (c, d) by (a, c) and (b, d). Requires `b == next(a) && d == next(c)`
    /// or `b == previous(a) && d == previous(c)` (both edges seen in one direction).
    mutating func move2(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        if b == next(a) {
            precondition(d == next(c), "2-opt edges in opposite directions")
            reversePath(from: b, to: c)
        } else {
            precondition(b == previous(a) && d == previous(c), "2-opt edges in opposite directions")
            reversePath(from: a, to: d)
        }
    }

    /// Reverses the path from `first` forward to `last`, or equivalently the rest of the cycle.
    private mutating func reversePath(from first: Int, to last: Int) {
        let n = order.count
        var i = Int(position[first]), j = Int(position[last])
        var length = j - i + 1
        if length <= 0 { length += n }
        if 2 * length > n {  // reverse the complement instead: same cycle, shorter work
            let newI = j + 1 == n ? 0 : j + 1
            j = i == 0 ? n - 1 : i - 1
            i = newI
            length = n - length
        }
        for _ in 0..<(length / 2) {
            let u = order[i], v = order[j]
            order[i] = v; position[Int(v)] = Int32(i)
            order[j] = u; position[Int(u)] = Int32(j)
            i += 1; if i == n { i = 0 }
            j -= 1; if j < 0 { j = n - 1 }
        }
    }

    /// The open path of tokens `0..<count - 1`, read forward from the dummy node `count - 1`.
    func openPath() -> [Int] {
        let dummy = order.count - 1
        let start = Int(position[dummy])
        return (1..<order.count).map { Int(order[(start + $0) % order.count]) }
    }
}
