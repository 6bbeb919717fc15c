import Testing

/// `hegen demo`: the self-checking tour (about 3 s in a release build).
@Suite("hegen: demo")
struct DemoCommandTests {
    @Test("demo passes its self-checks and points to private generation")
    func demo() throws {
        let run = try Hegen.run(["demo"], timeout: 120)
        #expect(run.exited(0), "\(run)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("All self-checks passed."), "\(run)")
        #expect(lines.last?.hasPrefix("Next: private generation under real CKKS — hegen generate --encrypted") == true, "\(run)")
        #expect(!run.stdout.contains("WRONG"), "\(run)")
    }
}
