// `hegen order`: travelling-salesman ordering of token embeddings (issue 5; Docs/TokenOrdering.md).
import Foundation
import ModelFiles
import TokenOrdering

/// `hegen order --embeddings FILE [--tensor NAME] [--method greedy|improved] [--time-limit S]
/// [--seed N] [--neighbors K] [--kicks N] [--no-baseline] [--rows N] [--out ORDER.json]`
///
/// Prints the identity, greedy and improved costs with their embedding loss and times; `--method
/// greedy` stops after the baseline, `--no-baseline` skips greedy when `improved` is asked for, and
/// `--rows N` orders only the first N tokens (quick experiments).
func runOrder(_ arguments: [String]) throws {
    var options = CommandArguments(arguments)
    guard let path = try options.value("--embeddings") else { throw CommandLineError.missingOption("--embeddings") }
    let tensorOption = try options.value("--tensor")
    let methodName = try options.value("--method") ?? "improved"
    guard let method = OrderingMethod(rawValue: methodName), method != .identity else {
        throw CommandLineError.invalidValue(option: "--method", value: methodName)
    }
    let timeLimit = try options.value("--time-limit", default: 60.0)
    let seed = try options.value("--seed", default: UInt64(1))
    let neighbors = try options.value("--neighbors", default: 10)
    let kicks = try options.value("--kicks", default: Int.max)
    let skipBaseline = options.flag("--no-baseline")
    let rowLimit = try options.value("--rows", default: Int.max)
    let outPath = try options.value("--out")
    try options.finish()
    guard timeLimit >= 0, neighbors >= 2, neighbors <= 64, kicks >= 0 else {
        throw CommandLineError.invalidValue(option: "--time-limit/--neighbors/--kicks", value: "\(timeLimit)/\(neighbors)/\(kicks)")
    }

    let url = URL(fileURLWithPath: path)
    let clock = Stopwatch()
    var (matrix, tensor) = try EmbeddingMatrix.load(contentsOf: url, tensor: tensorOption)
    if rowLimit < matrix.rowCount {  // a prefix of the vocabulary, for quick experiments
        guard rowLimit >= 1 else { throw CommandLineError.invalidValue(option: "--rows", value: "\(rowLimit)") }
        matrix = try EmbeddingMatrix(rowCount: rowLimit, dimension: matrix.dimension,
                                     values: Array(matrix.values.prefix(rowLimit * matrix.dimension)))
    }
    print("embeddings   \(url.lastPathComponent) [\(tensor)]: \(matrix.rowCount) tokens × \(matrix.dimension), loaded in \(clock.lap())")
    let rows = matrix.rowCount
    func report(_ name: String, _ permutation: [Int], seconds: String) -> Double {
        let cost = TourCost.cost(of: permutation, in: matrix)
        let loss = TourCost.embeddingLoss(cost: cost, rowCount: rows)
        print("\(name.padding(toLength: 12, withPad: " ", startingAt: 0)) cost \(format(cost, 1))  embedding loss \(format(loss, 5))  \(seconds)")
        return cost
    }
    _ = report("identity", Array(0..<rows), seconds: "")

    let progress = ProgressLine()
    let outcome = try OrderingPipeline.run(
        matrix: matrix,
        options: .init(
            method: method, skipsBaseline: skipBaseline && method == .improved,
            improved: .init(neighbors: neighbors, timeLimit: timeLimit, seed: seed, maximumKicks: kicks)),
        progress: { progress.show($0, $1) }
    ) { event in
        progress.clear()
        switch event {
        case .lists(let lists):
            print("kNN lists    k = \(lists.k), exact, \(clock.lap()); lower bound on any path: \(format(TourCost.lowerBound(lists), 1))")
        case let .greedy(permutation, _, statistics):
            _ = report("greedy", permutation, seconds: "\(clock.lap()) + kNN lists (\(statistics.listHits) steps from lists, "
                + "\(statistics.scans) scans of \(statistics.scannedTokens) tokens)")
        case let .improved(permutation, _, statistics):
            _ = report("improved", permutation, seconds: "\(clock.lap()) + kNN lists (construction \(format(statistics.constructionCost, 1)), "
                + "local optimum \(format(statistics.localOptimumCost, 1)), kicks kept \(statistics.kicksKept)/\(statistics.kicksTried))")
        }
    }
    print("total        \(clock.total())")

    if let outPath {
        let file = try TokenOrderFile(ordering: outcome, embeddingsAt: url, tensor: tensor, rowCount: rows)
        try file.jsonData().write(to: URL(fileURLWithPath: outPath))
        print("wrote        \(outPath)")
    }
}

private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

/// Wall-clock laps with the process CPU time beside them (on a shared machine the wall time depends on
/// the other load; CPU time / cores is what an idle machine would take at best).
private final class Stopwatch {
    private let start = Date()
    private let startCPU = processCPUSeconds()
    private var last = Date()
    private var lastCPU = processCPUSeconds()
    func lap() -> String {
        let now = Date(), cpu = processCPUSeconds()
        defer { last = now; lastCPU = cpu }
        return String(format: "%.1f s (CPU %.1f s)", now.timeIntervalSince(last), cpu - lastCPU)
    }
    func total() -> String {
        String(format: "%.1f s (CPU %.1f s)", Date().timeIntervalSince(start), processCPUSeconds() - startCPU)
    }
}

private func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// A one-line progress indicator on stderr, redrawn at most every 0.2 s, only when stderr is a terminal.
private final class ProgressLine: @unchecked Sendable {
    private let enabled = isatty(2) == 1
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    func show(_ label: String, _ fraction: Double?) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        let amount = fraction.map { String(format: " %3.0f%%", $0 * 100) } ?? ""
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label)\(amount)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
