import Dispatch
import Foundation

/// Timing of one generation.
public struct GenerationStatistics: Sendable {
    public var promptTokens = 0
    public var generatedTokens = 0
    public var promptSeconds = 0.0
    public var generationSeconds = 0.0
    /// Generated tokens a second, prompt processing excluded.
    public var tokensPerSecond: Double { generationSeconds > 0 ? Double(generatedTokens) / generationSeconds : 0 }
}

/// What the model reads at the next position: a token (its embedding row) or any embedding, e.g. the mixture
/// `Σ I_i E_i` the encrypted sampler feeds back.
public enum GenerationInput: Sendable, Equatable {
    case token(Int)
    case embedding([Float])
}

/// One generated step: the token the user sees and the input the model continues from.
public struct GenerationStep: Sendable {
    /// The token shown to the user.
    public let token: Int
    /// What the model reads next (`.token(token)` for ordinary sampling).
    public let input: GenerationInput
    /// The weight of the fed-back input: 1 for a token, `Σ I'` for a mixture.
    public let mass: Double

    public init(token: Int, input: GenerationInput, mass: Double = 1) {
        self.token = token
        self.input = input
        self.mass = mass
    }
}

/// Chooses each step from the next-token logits: exact sampling, greedy decoding, or the polynomial sampler
/// with its embedding-mixture feedback (module SamplingExperiments).
public protocol NextInputPolicy {
    mutating func next(logits: [Float]) throws -> GenerationStep
}

extension Sampler: NextInputPolicy {
    /// Samples a token and feeds it back.
    public mutating func next(logits: [Float]) throws -> GenerationStep {
        let token = sample(logits)
        return GenerationStep(token: token, input: .token(token))
    }
}

extension LlamaModel {
    /// Autoregressive generation, the project's one generation loop: feed the prompt, then let `policy` choose
    /// each step from the logits and feed its input back, one position at a time.
    ///
    /// When the context fills up, the cache is rebuilt from the most recent half of the inputs, so small-context
    /// models (the tiny one has 128 positions) can write on; the model then sees only that recent window. Runs
    /// of tokens go through the batched prefill (`logits(tokens:cache:)`), embeddings one position at a time.
    /// - Parameters:
    ///   - promptTokens: the prompt's token ids (at least one).
    ///   - maxTokens: how many steps to generate.
    ///   - policy: chooses each step.
    ///   - endOfSequence: stop after this token (`nil`: never; an encrypted server cannot see the tokens, so the
    ///     sampler's experiments pass `nil` and the client truncates).
    ///   - onStep: called after every step, before the model reads its input.
    /// - Returns: the steps and the timings.
    /// - Throws: `LanguageModelError` from the forward pass; errors of the policy or of `onStep`.
    public func generate<Policy: NextInputPolicy>(
        promptTokens: [Int], maxTokens: Int, policy: inout Policy, stopAt endOfSequence: Int?,
        onStep: (GenerationStep) throws -> Void = { _ in }
    ) throws -> (steps: [GenerationStep], statistics: GenerationStatistics) {
        guard !promptTokens.isEmpty else { throw LanguageModelError.emptyInput }
        var statistics = GenerationStatistics(promptTokens: promptTokens.count)
        var cache = makeCache()
        var history = promptTokens.map(GenerationInput.token)
        var start = DispatchTime.now().uptimeNanoseconds
        // A prompt longer than the context keeps only its most recent tokens.
        var logits = try feed(history.suffix(cache.capacity), cache: &cache)
        statistics.promptSeconds = Self.seconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        var steps: [GenerationStep] = []
        while steps.count < maxTokens {
            let step = try policy.next(logits: logits)
            steps.append(step)
            try onStep(step)
            if let endOfSequence, step.token == endOfSequence { break }
            if steps.count == maxTokens { break }
            history.append(step.input)
            if cache.count == cache.capacity {
                cache.reset()
                logits = try feed(history.suffix(max(1, cache.capacity / 2)), cache: &cache)
            } else {
                logits = try feed([step.input], cache: &cache)
            }
        }
        statistics.generatedTokens = steps.count
        statistics.generationSeconds = Self.seconds(since: start)
        return (steps, statistics)
    }

    /// Generation for many prompts in lockstep: `generate` for each prompt with its own policy, but each decoding
    /// step of all sequences is one batched forward pass (`logits(batch:caches:)`), which reads every weight once
    /// for the batch. Every sequence generates `maxTokens` steps (no early stop, as under encryption); a full
    /// context is rebuilt from its sequence's recent half, as in `generate`. The policies choose their steps
    /// concurrently, so a policy must not share mutable state with another.
    /// - Parameters:
    ///   - prompts: each prompt's token ids (each at least one).
    ///   - maxTokens: steps per sequence.
    ///   - policies: one per prompt, in the same order.
    ///   - onStep: called after every batched step with the steps just chosen, in prompt order.
    /// - Returns: each sequence's steps, and the timings (`generatedTokens` counts all sequences).
    /// - Throws: `LanguageModelError.batchMismatch`, `.emptyInput`, the forward pass's errors; the first error
    ///   of a policy.
    public func generate<Policy: NextInputPolicy & SendableMetatype>(
        batchOf prompts: [[Int]], maxTokens: Int, policies: inout [Policy],
        onStep: ([GenerationStep]) throws -> Void = { _ in }
    ) throws -> (steps: [[GenerationStep]], statistics: GenerationStatistics) {
        guard prompts.count == policies.count else {
            throw LanguageModelError.batchMismatch(inputs: prompts.count, caches: policies.count)
        }
        guard !prompts.isEmpty, prompts.allSatisfy({ !$0.isEmpty }) else { throw LanguageModelError.emptyInput }
        var statistics = GenerationStatistics(promptTokens: prompts.reduce(0) { $0 + $1.count })
        var start = DispatchTime.now().uptimeNanoseconds
        var caches = prompts.map { _ in makeCache() }
        var histories = prompts.map { $0.map(GenerationInput.token) }
        var logits = try caches.indices.map { try feed(histories[$0].suffix(caches[$0].capacity), cache: &caches[$0]) }
        statistics.promptSeconds = Self.seconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        var steps = prompts.map { _ in [GenerationStep]() }
        for index in 0..<maxTokens {
            let chosen = try Self.nextSteps(logits: logits, policies: &policies)
            for (b, step) in chosen.enumerated() { steps[b].append(step) }
            try onStep(chosen)
            if index == maxTokens - 1 { break }
            var batch: [Int] = []
            for b in chosen.indices {
                histories[b].append(chosen[b].input)
                if caches[b].count == caches[b].capacity {
                    caches[b].reset()
                    logits[b] = try feed(histories[b].suffix(max(1, caches[b].capacity / 2)), cache: &caches[b])
                } else {
                    batch.append(b)
                }
            }
            guard !batch.isEmpty else { continue }
            var batchCaches = batch.map { caches[$0] }
            for b in batch { caches[b] = makeCache() }  // so the batch's caches are uniquely referenced
            let inputs = try batch.map { b in
                switch chosen[b].input {
                case .token(let id): try embedding(of: id)
                case .embedding(let vector): vector
                }
            }
            let batchLogits = try self.logits(batch: inputs, caches: &batchCaches)
            for (i, b) in batch.enumerated() {
                caches[b] = batchCaches[i]
                logits[b] = batchLogits[i]
            }
        }
        statistics.generatedTokens = steps.reduce(0) { $0 + $1.count }
        statistics.generationSeconds = Self.seconds(since: start)
        return (steps, statistics)
    }

    /// Every policy's next step from its sequence's logits, on all cores.
    private static func nextSteps<Policy: NextInputPolicy & SendableMetatype>(
        logits: [[Float]], policies: inout [Policy]
    ) throws -> [GenerationStep] {
        let results = try policies.withUnsafeMutableBufferPointer { buffer in
            let shared = PolicySlots(policies: buffer.baseAddress!, count: buffer.count)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { b in
                shared.next(b, logits: logits[b])
            }
            return try shared.steps()
        }
        return results
    }

    /// Feeds inputs at the next positions and returns the logits after the last one: a run of tokens in one
    /// prefill, anything else position by position.
    private func feed(_ inputs: some Collection<GenerationInput>, cache: inout KVCache) throws -> [Float] {
        let tokens = inputs.compactMap { if case .token(let id) = $0 { id } else { nil } }
        if tokens.count == inputs.count { return try logits(tokens: tokens, cache: &cache) }
        var logits: [Float] = []
        for input in inputs {
            switch input {
            case .token(let id): logits = try self.logits(token: id, cache: &cache)
            case .embedding(let vector): logits = try self.logits(embedding: vector, cache: &cache)
            }
        }
        return logits
    }


    private static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// The policies and result slots of one concurrent `nextSteps` call. Worker `b` touches only policy `b` and
/// slot `b`; the buffer outlives the call (`concurrentPerform` returns when every worker has finished).
private final class PolicySlots<Policy: NextInputPolicy>: @unchecked Sendable {
    private let policies: UnsafeMutablePointer<Policy>
    private var results: [Result<GenerationStep, any Error>?]
    private let lock = NSLock()

    init(policies: UnsafeMutablePointer<Policy>, count: Int) {
        self.policies = policies
        results = Array(repeating: nil, count: count)
    }

    func next(_ index: Int, logits: [Float]) {
        let result = Result { try policies[index].next(logits: logits) }
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    func steps() throws -> [GenerationStep] { try results.map { try $0!.get() } }
}
