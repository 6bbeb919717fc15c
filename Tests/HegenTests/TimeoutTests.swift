import Foundation
import Testing

/// The harness itself: a `hegen` that does not finish is killed at its timeout and reported, not waited for.
@Suite("hegen: timeouts")
struct TimeoutTests {
    @Test("a server that waits for a client forever is killed after its timeout, its output so far kept")
    func hangIsKilled() throws {
        // `serve` without `--sessions` accepts connections until killed (the insecure preset starts in well under 1 s).
        let run = try Hegen.run(["serve", "--port", "0", "--insecure-test-preset"], timeout: 2)
        #expect(run.timedOut, "\(run)")
        #expect(run.reason == .uncaughtSignal && run.status == SIGKILL, "\(run)")
        #expect(run.seconds >= 2 && run.seconds < 30, "\(run)")
        #expect(run.stdout.hasPrefix("listening on 127.0.0.1:"), "\(run)")
    }
}
