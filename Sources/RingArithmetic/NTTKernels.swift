// The negacyclic NTT kernels: Harvey's lazy butterflies over unsafe buffers.
//
// Value bounds (Harvey 2014, "Faster arithmetic for number-theoretic transforms", §3–4), with q < 2^61
// so that 4q < 2^63 never overflows:
//   forward (Cooley–Tukey): inputs in [0, 4q); at each butterfly X is first brought into [0, 2q),
//     T = W·Y (Shoup, lazy) lies in [0, 2q), and the outputs X + T, X − T + 2q lie in [0, 4q).
//     The last stage is fused with the final correction to [0, q).
//   inverse (Gentleman–Sande): inputs in [0, 2q); U + V is brought back into [0, 2q), and
//     W·(U − V + 2q) (Shoup, lazy) lies in [0, 2q). The last stage multiplies by N^(−1) and
//     corrects to [0, q).
// Aliasing: each kernel works in place on one limb; no other pointer to it may be live.

extension NTTTables {
    /// Forward negacyclic NTT in place: standard-order coefficients in `[0, 4q)` → evaluations in
    /// bit-reversed order, in `[0, q)`.
    /// - Parameter values: exactly `degree` words.
    public func forward(_ values: UnsafeMutablePointer<UInt64>) {
        rootPowers.withUnsafeBufferPointer { roots in
            rootQuotients.withUnsafeBufferPointer { quotients in
                forwardKernel(values, roots.baseAddress!, quotients.baseAddress!)
            }
        }
    }

    /// Inverse negacyclic NTT in place: bit-reversed evaluations in `[0, 2q)` → standard-order
    /// coefficients in `[0, q)`.
    /// - Parameter values: exactly `degree` words.
    public func inverse(_ values: UnsafeMutablePointer<UInt64>) {
        inverseRootPowers.withUnsafeBufferPointer { roots in
            inverseRootQuotients.withUnsafeBufferPointer { quotients in
                inverseKernel(values, roots.baseAddress!, quotients.baseAddress!)
            }
        }
    }

    func forwardKernel(
        _ x: UnsafeMutablePointer<UInt64>, _ roots: UnsafePointer<UInt64>, _ quotients: UnsafePointer<UInt64>
    ) {
        let q = modulus.value
        let twoQ = q &* 2
        let n = degree
        var t = n
        var m = 1
        // All stages but the last: butterflies on pairs at distance t ≥ 2.
        while m < n / 2 {
            t >>= 1
            for i in 0..<m {
                let w = roots[m &+ i]
                let wQuotient = quotients[m &+ i]
                var xp = x + 2 &* i &* t
                var yp = xp + t
                for _ in 0..<t {
                    var a = xp.pointee
                    a = a >= twoQ ? a &- twoQ : a
                    let b = yp.pointee
                    let product = b &* w &- b.multipliedFullWidth(by: wQuotient).high &* q
                    xp.pointee = a &+ product
                    yp.pointee = a &- product &+ twoQ
                    xp += 1
                    yp += 1
                }
            }
            m <<= 1
        }
        // Last stage (t = 1), fused with the correction of the outputs from [0, 4q) to [0, q).
        for i in 0..<m {
            let w = roots[m &+ i]
            let wQuotient = quotients[m &+ i]
            let xp = x + 2 &* i
            var a = xp[0]
            a = a >= twoQ ? a &- twoQ : a
            let b = xp[1]
            let product = b &* w &- b.multipliedFullWidth(by: wQuotient).high &* q
            var u = a &+ product
            var v = a &- product &+ twoQ
            u = u >= twoQ ? u &- twoQ : u
            u = u >= q ? u &- q : u
            v = v >= twoQ ? v &- twoQ : v
            v = v >= q ? v &- q : v
            xp[0] = u
            xp[1] = v
        }
    }

    func inverseKernel(
        _ x: UnsafeMutablePointer<UInt64>, _ roots: UnsafePointer<UInt64>, _ quotients: UnsafePointer<UInt64>
    ) {
        let q = modulus.value
        let twoQ = q &* 2
        let n = degree
        var t = 1
        var m = n
        // All stages but the last.
        while m > 2 {
            let h = m >> 1
            for i in 0..<h {
                let w = roots[h &+ i]
                let wQuotient = quotients[h &+ i]
                var xp = x + 2 &* i &* t
                var yp = xp + t
                for _ in 0..<t {
                    let u = xp.pointee
                    let v = yp.pointee
                    let sum = u &+ v
                    xp.pointee = sum >= twoQ ? sum &- twoQ : sum
                    let difference = u &- v &+ twoQ
                    yp.pointee = difference &* w &- difference.multipliedFullWidth(by: wQuotient).high &* q
                    xp += 1
                    yp += 1
                }
            }
            t <<= 1
            m = h
        }
        // Last stage (m = 2), fused with the multiplication by N^(−1) and the correction to [0, q).
        let scale = inverseDegree
        let scaledRoot = inverseDegreeTimesLastRoot
        let half = n / 2
        for j in 0..<half {
            let u = x[j]
            let v = x[j &+ half]
            var sum = u &+ v
            sum = sum >= twoQ ? sum &- twoQ : sum
            let difference = u &- v &+ twoQ
            var a = sum &* scale.value &- sum.multipliedFullWidth(by: scale.quotient).high &* q
            var b = difference &* scaledRoot.value &- difference.multipliedFullWidth(by: scaledRoot.quotient).high &* q
            a = a >= q ? a &- q : a
            b = b >= q ? b &- q : b
            x[j] = a
            x[j &+ half] = b
        }
    }
}
