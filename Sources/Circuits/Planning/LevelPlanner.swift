import CKKS

/// A small depth/level planner: given a circuit as a sequence of stages with their depths, says whether it
/// fits the levels a ciphertext has and, if not, before which stages a bootstrap is needed (greedy: bootstrap
/// as late as possible, which minimises the number of bootstraps for a chain of stages).
public struct LevelPlanner: Sendable {
    /// One stage of a circuit.
    public struct Stage: Sendable, Hashable {
        public let name: String
        /// Levels the stage consumes.
        public let depth: Int
        public init(_ name: String, depth: Int) {
            self.name = name
            self.depth = depth
        }
    }

    /// The plan.
    public struct Plan: Sendable, Hashable, CustomStringConvertible {
        /// Indices of the stages before which a bootstrap is needed (empty: the circuit fits as is).
        public let bootstrapsBefore: [Int]
        /// The level left after every stage.
        public let levelsAfter: [Int]
        /// Whether no bootstrap is needed.
        public var fits: Bool { bootstrapsBefore.isEmpty }

        public var description: String {
            fits ? "fits without bootstrapping; levels after each stage: \(levelsAfter)"
                : "bootstrap before stages \(bootstrapsBefore); levels after each stage: \(levelsAfter)"
        }
    }

    /// The level a ciphertext starts at.
    public let startLevel: Int
    /// The level a bootstrap leaves (nil: no bootstrapping available).
    public let levelAfterBootstrap: Int?

    /// - Parameters:
    ///   - startLevel: the level of the input (e.g. `CKKSParameters.maximumLevel` for a fresh ciphertext).
    ///   - levelAfterBootstrap: the levels a bootstrap leaves for computation, or nil.
    public init(startLevel: Int, levelAfterBootstrap: Int? = nil) {
        self.startLevel = startLevel
        self.levelAfterBootstrap = levelAfterBootstrap
    }

    /// A planner for fresh ciphertexts of a parameter set.
    public init(parameters: CKKSParameters, levelAfterBootstrap: Int? = nil) {
        self.init(startLevel: parameters.maximumLevel, levelAfterBootstrap: levelAfterBootstrap)
    }

    /// Plans a chain of stages.
    /// - Throws: `CircuitError.insufficientLevels` when the circuit does not fit and no bootstrap is available,
    ///   or when a single stage is deeper than what a bootstrap leaves (split that stage).
    public func plan(_ stages: [Stage]) throws -> Plan {
        var level = startLevel
        var bootstraps: [Int] = []
        var after: [Int] = []
        for (index, stage) in stages.enumerated() {
            if stage.depth > level {
                guard let refreshed = levelAfterBootstrap else {
                    throw CircuitError.insufficientLevels(
                        operation: "stage \(index) (\(stage.name)) with no bootstrapping available",
                        needed: stages[index...].map(\.depth).reduce(0, +), available: level)
                }
                guard stage.depth <= refreshed else {
                    throw CircuitError.insufficientLevels(
                        operation: "stage \(index) (\(stage.name)) even right after a bootstrap", needed: stage.depth,
                        available: refreshed)
                }
                bootstraps.append(index)
                level = refreshed
            }
            level -= stage.depth
            after.append(level)
        }
        return Plan(bootstrapsBefore: bootstraps, levelsAfter: after)
    }

    /// The stages of a composite polynomial, one per stage.
    public static func stages(of composite: CompositePolynomial, name: String) -> [Stage] {
        composite.stages.enumerated().map { Stage("\(name)[\($0.offset)]", depth: $0.element.depth) }
    }
}
