import Foundation

/// A complex number in double precision: the value type of a CKKS slot.
public struct Complex: Sendable, Hashable, CustomStringConvertible {
    public var real: Double
    public var imaginary: Double

    /// - Parameters:
    ///   - real: the real part.
    ///   - imaginary: the imaginary part.
    @inlinable public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    public static let zero = Complex(0, 0)
    public static let one = Complex(1, 0)
    public static let i = Complex(0, 1)

    /// e^{iθ} = cos θ + i sin θ.
    @inlinable public static func unitRoot(angle: Double) -> Complex { Complex(cos(angle), sin(angle)) }

    @inlinable public var conjugate: Complex { Complex(real, -imaginary) }
    /// |z|.
    @inlinable public var magnitude: Double { (real * real + imaginary * imaginary).squareRoot() }

    @inlinable public static func + (a: Complex, b: Complex) -> Complex { Complex(a.real + b.real, a.imaginary + b.imaginary) }
    @inlinable public static func - (a: Complex, b: Complex) -> Complex { Complex(a.real - b.real, a.imaginary - b.imaginary) }
    @inlinable public static prefix func - (a: Complex) -> Complex { Complex(-a.real, -a.imaginary) }
    @inlinable public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.real * b.real - a.imaginary * b.imaginary, a.real * b.imaginary + a.imaginary * b.real)
    }
    @inlinable public static func * (a: Complex, s: Double) -> Complex { Complex(a.real * s, a.imaginary * s) }
    @inlinable public static func += (a: inout Complex, b: Complex) { a = a + b }
    @inlinable public static func -= (a: inout Complex, b: Complex) { a = a - b }
    @inlinable public static func *= (a: inout Complex, b: Complex) { a = a * b }

    public var description: String { imaginary < 0 ? "\(real)-\(-imaginary)i" : "\(real)+\(imaginary)i" }
}
