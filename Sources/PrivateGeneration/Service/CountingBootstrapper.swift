import Bootstrapping
import CKKS
import Synchronization

/// A bootstrapper that counts the bootstraps it performs (the figure a generation reports per token).
public final class CountingBootstrapper<Base: CiphertextBootstrapper>: CiphertextBootstrapper {
    public let base: Base
    private let counter = Mutex(0)

    public init(_ base: Base) { self.base = base }

    public var context: CKKSContext { base.context }
    public var slotCount: Int { base.slotCount }
    public var levelsLeft: Int { base.levelsLeft }
    public var evaluator: Evaluator { base.evaluator }

    /// The bootstraps so far.
    public var count: Int { counter.withLock { $0 } }

    public func bootstrap(_ ciphertext: Ciphertext) throws -> Ciphertext {
        counter.withLock { $0 += 1 }
        return try base.bootstrap(ciphertext)
    }
}
