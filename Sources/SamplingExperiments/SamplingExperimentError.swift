/// Errors of the sampling experiments.
public enum SamplingExperimentError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .invalidArgument(let reason): "invalid argument: \(reason)"
        }
    }
}
