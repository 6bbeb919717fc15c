/// Per-row top-k lists under construction: sorted closest first by `isCloser`.
///
/// A class with manually allocated storage so one worker can update it through a shared reference
/// without copy-on-write checks in the innermost loop. Invariant: only one thread touches a buffer.
final class TopKBuffer: @unchecked Sendable {
    let rows: Int
    let k: Int
    private let cosineStorage: UnsafeMutablePointer<Float>
    private let indexStorage: UnsafeMutablePointer<Int32>

    init(rows: Int, k: Int) {
        self.rows = rows
        self.k = k
        cosineStorage = .allocate(capacity: rows * k)
        cosineStorage.initialize(repeating: -.infinity, count: rows * k)
        indexStorage = .allocate(capacity: rows * k)
        indexStorage.initialize(repeating: Int32.max, count: rows * k)
    }

    deinit {
        cosineStorage.deallocate()
        indexStorage.deallocate()
    }

    /// Inserts `candidate` into `row`'s list when it is closer than the current k-th entry.
    @inline(__always)
    func offer(row: Int, candidate: Int32, cosine: Float) {
        let c = cosineStorage + row * k
        let ix = indexStorage + row * k
        guard isCloser(cosine: cosine, index: candidate, than: c[k - 1], index: ix[k - 1]) else { return }
        var position = k - 1
        while position > 0, isCloser(cosine: cosine, index: candidate, than: c[position - 1], index: ix[position - 1]) {
            c[position] = c[position - 1]
            ix[position] = ix[position - 1]
            position -= 1
        }
        c[position] = cosine
        ix[position] = candidate
    }

    /// The cosine of `row`'s k-th entry: a candidate below it cannot enter the list.
    @inline(__always) func threshold(_ row: Int) -> Float { cosineStorage[row * k + k - 1] }

    /// Offers every entry of `other` (same shape).
    func merge(_ other: TopKBuffer) {
        precondition(other.rows == rows && other.k == k)
        for row in 0..<rows {
            for rank in 0..<k where other.indexStorage[row * k + rank] != Int32.max {
                offer(row: row, candidate: other.indexStorage[row * k + rank], cosine: other.cosineStorage[row * k + rank])
            }
        }
    }

    var cosines: [Float] { Array(UnsafeBufferPointer(start: cosineStorage, count: rows * k)) }
    var indices: [Int32] { Array(UnsafeBufferPointer(start: indexStorage, count: rows * k)) }
}
