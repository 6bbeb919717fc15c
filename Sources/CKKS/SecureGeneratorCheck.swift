import RingArithmetic

/// The check behind every key-generation and encryption entry point that takes a generator: only a
/// `CryptographicallySecureGenerator` may produce secrets, noise or published seeds.
enum SecureGeneratorCheck {
    /// Throws unless `generator` is marked cryptographically secure.
    /// - Throws: `CKKSError.insecureRandomGenerator` naming the generator's type.
    static func require<G: RandomNumberGenerator>(_ generator: G) throws(CKKSError) {
        guard generator is any CryptographicallySecureGenerator else {
            throw .insecureRandomGenerator(String(describing: G.self))
        }
    }

    /// Traps unless `generator` is marked cryptographically secure: for the entry points that do not throw
    /// (public, relinearisation and Galois keys). The generator's type is fixed where the call is written, so
    /// the first run of that code finds the mistake; no input can reach this trap.
    /// (`fatalError`, not `precondition`: the message is printed in optimised builds too.)
    static func precondition<G: RandomNumberGenerator>(_ generator: G, _ use: String) {
        guard generator is any CryptographicallySecureGenerator else {
            fatalError("\(use) needs a CryptographicallySecureGenerator, not \(G.self): use the overload without a "
                       + "generator or ChaChaGenerator (tests: SeededGeneratorForTesting)")
        }
    }
}
