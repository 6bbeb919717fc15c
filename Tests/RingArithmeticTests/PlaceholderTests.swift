import Testing
@testable import RingArithmetic
