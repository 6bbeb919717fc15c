/// The one order on candidate neighbours used everywhere: higher cosine first, then lower token index.
///
/// It is a total order, so "the k nearest" and "the nearest unvisited" are unique even with ties.
@inline(__always)
func isCloser(cosine a: Float, index i: Int32, than b: Float, index j: Int32) -> Bool {
    a > b || (a == b && i < j)
}
