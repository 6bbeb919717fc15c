import CKKS
import Foundation
import Synchronization
import LanguageModel
import PrivateGeneration
import Testing
import TestSupport

/// A `GenerationService` (insecure N = 2^12 test preset) on a loopback TCP port, fed hostile sessions one after
/// another: each gets an `error` message naming what was wrong, and the server goes on to the next session.
@Suite("Generation server against hostile clients (loopback TCP)", .serialized)
struct GenerationServiceTests {
    /// Runs `sessions` sessions of a fresh service on a thread; returns the port and a way to collect the reports.
    static func startServer(sessions: Int) throws -> (port: UInt16, reports: @Sendable () -> [GenerationService.SessionReport]) {
        let service = try GenerationService(bundle: try LanguageModelBundle.embedded(), preset: .insecureTest, idleTimeout: 60)
        let listener = try TCPListener(port: 0)
        let port = listener.port
        let done = DispatchSemaphore(value: 0)
        let box = ReportBox()
        let thread = Thread { [listener] in
            for _ in 0..<sessions {
                guard let stream = try? listener.accept() else { break }
                box.append(service.serve(stream))
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        return (port, { done.wait(); return box.reports })
    }

    /// Connects, lets `body` talk, and returns the server's error text (`nil` if it sent none before closing).
    static func session(port: UInt16, _ body: (SocketStream) throws -> Void) throws -> String? {
        let stream = try SocketStream.connect(host: "127.0.0.1", port: port)
        try body(stream)
        stream.finishWriting()
        while true {
            switch try? stream.receive() {
            case let .error(text)?: return text
            case nil: return nil
            default: continue
            }
        }
    }

    @Test("random bytes, wrong preset or parameters, a foreign model, a bad ordering, out-of-order and bad keys: errors, then a good session is accepted")
    func hostileSessions() throws {
        let bundle = try LanguageModelBundle.embedded()
        let parameters = try GenerationPreset.insecureTest.parameters()
        let vocabulary = bundle.model.configuration.vocabularySize
        let good = try GenerationMessage.Hello(
            preset: .insecureTest, model: bundle.model, temperature: 1, ordering: Array(0..<vocabulary))
        var rng = SeededGenerator(seed: 5)
        let (port, reports) = try Self.startServer(sessions: 10)

        let garbage = try Self.session(port: port) { try $0.write((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
        #expect(garbage?.contains("bad magic bytes") == true)

        var wrongPreset = good
        wrongPreset.preset = GenerationPreset.secure.rawValue
        #expect(try Self.session(port: port) { try $0.send(.hello(wrongPreset)) }?.contains("runs \"INSECURE-test\" only") == true)

        var wrongParameters = good
        wrongParameters.parameters = CKKSSerialization.serialize(CKKSParameters.insecureTestN12)
        #expect(try Self.session(port: port) { try $0.send(.hello(wrongParameters)) }?.contains("CKKS parameters") == true)

        var foreignModel = good
        foreignModel.modelDigest = String(repeating: "0", count: 64)
        #expect(try Self.session(port: port) { try $0.send(.hello(foreignModel)) }?.contains("model") == true)

        var badOrdering = good
        badOrdering.ordering[3] = badOrdering.ordering[4]
        #expect(try Self.session(port: port) { try $0.send(.hello(badOrdering)) }?.contains("not a permutation") == true)

        var badTemperature = good
        badTemperature.temperature = .nan
        #expect(try Self.session(port: port) { try $0.send(.hello(badTemperature)) }?.contains("temperature") == true)

        #expect(try Self.session(port: port) { try $0.send(.draw(ciphertext: [1, 2, 3])) }?.contains("expected a hello first") == true)

        // An oversized length: refused from the header alone.
        #expect(try Self.session(port: port) {
            try $0.write(GenerationMessageTests.frame(kind: 7, body: [], length: 1 << 40))
        }?.contains("above the limit") == true)

        // A good hello is accepted; a secret key where the relinearisation key belongs is refused (the server
        // has no way to take one), as are random Galois keys.
        let context = try CKKSContext(parameters: parameters.scheme)
        let secret = try KeyGenerator(context: context).secretKey(using: &rng)
        let refusedSecret = try Self.session(port: port) { stream in
            try stream.send(.hello(good))
            guard case let .accepted(acceptance) = try stream.receive() else { throw GenerationProtocolError.unexpected("no acceptance") }
            #expect(acceptance.requirements.relinearization)
            #expect(!acceptance.requirements.rotations.isEmpty)
            let keys = try KeyGenerator(context: context).bootstrappingKeys(
                for: secret, parameters: parameters, applicationRequirements: acceptance.requirements, using: &rng)
            var keyBundle = GenerationMessage.KeyBundle(keys)
            keyBundle.relinearizationKey = CKKSSerialization.serialize(secret)
            try stream.send(.keys(keyBundle))
        }
        #expect(refusedSecret?.contains("kind 4, expected 6") == true)

        let randomKeys = try Self.session(port: port) { stream in
            try stream.send(.hello(good))
            guard case .accepted = try stream.receive() else { throw GenerationProtocolError.unexpected("no acceptance") }
            try stream.send(.keys(.init(relinearizationKey: [1, 2], galoisKeys: (0..<1000).map { _ in .random(in: 0...255, using: &rng) },
                                        encapsulation: [])))
        }
        #expect(randomKeys?.contains("bad magic bytes") == true)

        let all = reports()
        #expect(all.count == 10)
        #expect(all.allSatisfy { $0.failure != nil && $0.tokens == 0 })
    }
}

/// Reports collected on the server thread.
final class ReportBox: Sendable {
    private let storage = Mutex<[GenerationService.SessionReport]>([])
    func append(_ report: GenerationService.SessionReport) { storage.withLock { $0.append(report) } }
    var reports: [GenerationService.SessionReport] { storage.withLock { $0 } }
}

/// `hegen worker`: one server session over standard input and output, as a driver (Ray, ssh) runs it.
@Suite("hegen worker over pipes")
struct WorkerTests {
    @Test("a hello over stdin is accepted on stdout; a bad frame then ends the session with an error and exit status 1")
    func workerOverPipes() throws {
        let executable = try #require(ToolLocator.hegen, "hegen is not built beside the tests")
        let worker = Process()
        worker.executableURL = executable
        worker.arguments = ["worker", "--insecure-test-preset"]
        let input = Pipe(), output = Pipe()
        worker.standardInput = input
        worker.standardOutput = output
        worker.standardError = FileHandle.nullDevice
        try worker.run()
        defer { if worker.isRunning { worker.terminate() } }
        let stream = SocketStream(
            readDescriptor: dup(output.fileHandleForReading.fileDescriptor),
            writeDescriptor: dup(input.fileHandleForWriting.fileDescriptor))
        try input.fileHandleForWriting.close()
        try output.fileHandleForReading.close()

        let bundle = try LanguageModelBundle.embedded()
        try stream.send(.hello(.init(
            preset: .insecureTest, model: bundle.model, temperature: 1,
            ordering: Array(0..<bundle.model.configuration.vocabularySize))))
        guard case let .accepted(acceptance) = try stream.receive() else { Issue.record("no acceptance"); return }
        #expect(acceptance.requirements.relinearization)
        try stream.write(GenerationMessageTests.frame(kind: 3, body: [1, 2, 3]))
        guard case let .error(text) = try stream.receive() else { Issue.record("no error for bad keys"); return }
        #expect(text.contains("relinearization key length"))
        worker.waitUntilExit()
        #expect(worker.terminationStatus == 1)
    }
}
