import Dispatch

/// 2-opt and Or-opt local search over candidate lists, with don't-look bits (a FIFO of active nodes).
///
/// The open path is a cycle through a dummy node (see `ArrayTour`). For an active node a:
/// - 2-opt: for each direction and each candidate c with d(a, c) < d(a, next(a)) (the lists are sorted,
///   so the scan stops at the first failure), the move replacing (a, next a), (c, next c) by
///   (a, c), (next a, next c); the best of a's moves is applied. The dummy is also tried as c, which
///   lets the path's ends move.
/// - Or-opt: segments of 1 to 3 nodes starting at a (both directions) are cut out and reinserted,
///   either way round, next to a candidate neighbour of one of their ends (via three 2-opt moves).
/// Every improving move reactivates the nodes of the edges it changed. It stops when no node is
/// active or at the deadline. Moves must gain more than `epsilon` so rounding cannot cycle.
struct LocalSearch {
    let matrix: EmbeddingMatrix
    let lists: CandidateLists
    let k: Int
    var tour: ArrayTour
    let dummy: Int
    let epsilon: Float = 1e-6
    private(set) var movesApplied = 0
    /// The sum of the gains of all applied moves (cost decrease), accumulated in Double.
    var totalGain = 0.0
    /// When non-nil, every 2-opt move applied is appended, so a trial can be undone.
    var undoLog: [(Int32, Int32, Int32, Int32)]? = nil

    init(matrix: EmbeddingMatrix, lists: CandidateLists, k: Int, path: [Int]) {
        self.matrix = matrix
        self.lists = lists
        self.k = min(k, lists.k)
        dummy = matrix.rowCount
        tour = ArrayTour(path + [matrix.rowCount])
        queue = NodeQueue(capacity: path.count + 1)
    }

    /// Cosine distance, 0 for the dummy.
    @inline(__always) func distance(_ x: Int, _ y: Int) -> Float {
        x == dummy || y == dummy ? 0 : matrix.distance(x, y)
    }

    @inline(__always) func step(_ node: Int, forward: Bool) -> Int { forward ? tour.next(node) : tour.previous(node) }

    /// Applies a 2-opt move (see `ArrayTour.move2`), recording it when `undoLog` is on.
    mutating func move2(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        tour.move2(a, b, c, d)
        undoLog?.append((Int32(a), Int32(b), Int32(c), Int32(d)))
    }

    /// Reverts every logged move, newest first, and clears the log.
    mutating func undoLoggedMoves() {
        guard let log = undoLog else { return }
        // After move2(a, b, c, d) the tour has edges (a, c) and (b, d); move2(a, c, b, d) restores (a, b), (c, d).
        for (a, b, c, d) in log.reversed() { tour.move2(Int(a), Int(c), Int(b), Int(d)) }
        undoLog = []
    }

    /// Nodes waiting to be examined (don't-look bits off).
    var queue: NodeQueue

    /// Queues every node, in tour order.
    mutating func activateAll() {
        for index in 0..<tour.count { queue.push(Int(tour.order[index])) }
    }

    /// Runs until no queued node yields an improving move, or `deadline` (uptime nanoseconds) passes.
    /// - Returns: whether it stopped at a local optimum (false: the deadline came first).
    mutating func run(deadline: UInt64, progress: ((Int) -> Void)? = nil) -> Bool {
        if DispatchTime.now().uptimeNanoseconds > deadline { return false }
        var pops = 0
        while let a = queue.pop() {
            pops += 1
            if pops & 255 == 0 {
                if DispatchTime.now().uptimeNanoseconds > deadline { return false }
                progress?(movesApplied)
            }
            if a == dummy { continue }
            if let (gain, touched) = improveTwoOpt(a) ?? improveOrOpt(a) {
                movesApplied += 1
                totalGain += Double(gain)
                for node in touched { queue.push(node) }
                queue.push(a)
            }
        }
        return true
    }

    /// The best 2-opt move at `a`, applied; returns the endpoints of the changed edges.
    private mutating func improveTwoOpt(_ a: Int) -> (Float, [Int])? {
        var best: (gain: Float, b: Int, c: Int, d: Int, forward: Bool)? = nil
        for forward in [true, false] {
            let b = step(a, forward: forward)
            let ab = distance(a, b)
            // Candidates closest first, then the dummy (distance 0, tried last so ties favour real tokens).
            var rank = 0
            while rank <= k {
                let c: Int, ac: Float
                if rank < k {
                    c = lists.neighbor(a, rank)
                    ac = 1 - lists.cosines[a * lists.k + rank]
                } else {
                    c = dummy
                    ac = 0
                }
                rank += 1
                let g1 = ab - ac
                if g1 <= epsilon {
                    if c == dummy { break }
                    rank = k  // later candidates are farther: only the dummy is left to try
                    continue
                }
                let d = step(c, forward: forward)
                if c == b || d == a { continue }
                let gain = g1 + distance(c, d) - distance(b, d)
                if gain > epsilon, gain > (best?.gain ?? 0) { best = (gain, b, c, d, forward) }
            }
        }
        guard let move = best else { return nil }
        move2(a, move.b, move.c, move.d)
        return (move.gain, [a, move.b, move.c, move.d])
    }

    /// The best Or-opt move of a segment starting at `a`, applied; returns the changed edges' endpoints.
    private mutating func improveOrOpt(_ a: Int) -> (Float, [Int])? {
        guard tour.count >= 8 else { return nil }
        var best: (gain: Float, first: Int, last: Int, before: Int, after: Int, x: Int, y: Int, xEnd: Int)? = nil
        for forward in [true, false] {
            var s2 = a
            var segment = [a]
            for length in 1...3 {
                if length > 1 {
                    s2 = step(s2, forward: forward)
                    segment.append(s2)
                }
                let s1 = a
                let p = step(s1, forward: !forward), nx = step(s2, forward: forward)
                if segment.contains(p) || segment.contains(nx) || p == nx { break }
                let removeGain = distance(p, s1) + distance(s2, nx) - distance(p, nx)
                if removeGain <= epsilon { continue }
                // In the tour's forward direction the segment runs first...last between `before` and `after`.
                let first = forward ? s1 : s2, last = forward ? s2 : s1
                let before = forward ? p : nx, after = forward ? nx : p
                for (end, other) in [(s1, s2), (s2, s1)] where end != dummy {
                    for rank in 0..<k {
                        let c = lists.neighbor(end, rank)
                        let ce = 1 - lists.cosines[end * lists.k + rank]
                        if ce >= removeGain { break }
                        if segment.contains(c) { continue }
                        for e in [tour.next(c), tour.previous(c)] where !segment.contains(e) {
                            let gain = removeGain - (ce + distance(other, e) - distance(c, e))
                            guard gain > epsilon, gain > (best?.gain ?? 0) else { continue }
                            let (x, y) = e == tour.next(c) ? (c, e) : (e, c)
                            if y == before { continue }  // (x, y) = (pred before, before): not expressible below
                            best = (gain, first, last, before, after, x, y, x == c ? end : other)
                        }
                    }
                }
            }
        }
        guard let move = best else { return nil }
        insertSegment(first: move.first, last: move.last, before: move.before, after: move.after,
                      between: move.x, and: move.y, reversed: move.xEnd != move.first)
        return (move.gain, [move.first, move.last, move.before, move.after, move.x, move.y])
    }

    /// Moves the segment first...last (in tour direction, between `before` and `after`) between the
    /// adjacent nodes x and y = next(x), as x first...last y, or x last...first y when `reversed`.
    /// Requires x, y outside the segment and y != before.
    mutating func insertSegment(first: Int, last: Int, before: Int, after: Int, between x: Int, and y: Int, reversed: Bool) {
        // before first..last after ... x y  →  before after ... x [first..last or last..first] y
        move2(before, first, x, y)                      // before x ... after last..first y
        if x != after { move2(before, x, after, last) }   // before after ... x last..first y
        if !reversed { move2(x, last, first, y) }         // x first..last y
    }
}

/// A FIFO of nodes with membership flags: each node is queued at most once.
struct NodeQueue {
    private var ring: [Int32]
    private var queued: [Bool]
    private var head = 0, size = 0

    init(capacity: Int) {
        ring = [Int32](repeating: 0, count: capacity)
        queued = [Bool](repeating: false, count: capacity)
    }

    mutating func push(_ node: Int) {
        guard !queued[node] else { return }
        queued[node] = true
        ring[(head + size) % ring.count] = Int32(node)
        size += 1
    }

    mutating func pop() -> Int? {
        guard size > 0 else { return nil }
        let node = Int(ring[head])
        head = (head + 1) % ring.count
        size -= 1
        queued[node] = false
        return node
    }
}
