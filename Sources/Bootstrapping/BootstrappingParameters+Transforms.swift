import CKKS
import Circuits

extension BootstrappingParameters {
    /// The plaintext side of the linear transforms, in application order (Circuits' `LinearTransform`s).
    ///
    /// Sparse packing (2n ≤ N/2) evaluates EvalMod once on 2n slots instead of twice on n: the last
    /// CoeffsToSlots matrix is extended to 2n slots and multiplied by diag(1, …, 1, −i, …, −i), so that
    /// u + ū = [2·Re w, 2·Im w]; the first SlotsToCoeffs matrix M then recombines y ↦ y_low + i·y_high as
    /// M·diag(1|i)·y + M·diag(i|1)·rot(y, n) (`slotsToCoeffsRotated`, applied to rot(y, n)).
    ///
    /// Non-throwing: `init` validated the slot count (a power of two), the only input the factorisation can
    /// reject.
    func transforms() -> (coeffsToSlots: [LinearTransform], slotsToCoeffs: [LinearTransform], slotsToCoeffsRotated: LinearTransform?) {
        do {
            return try factoredTransforms()
        } catch {
            preconditionFailure("the slot count was validated by BootstrappingParameters.init: \(error)")
        }
    }

    private func factoredTransforms() throws
        -> (coeffsToSlots: [LinearTransform], slotsToCoeffs: [LinearTransform], slotsToCoeffsRotated: LinearTransform?)
    {
        let n = slotCount
        // The constant 1/(2K·n·N/(2n)) is carried by the scale recorded at ModRaise (`raiseScale`), not by the
        // diagonals: tiny diagonal entries would lose relative precision when encoded.
        var cts = try HomomorphicDFT.coeffsToSlots(slotCount: n, levels: coeffsToSlotsLevels, factor: Complex(Double(n)))
        let messageRatio = Double(sign: .plus, exponent: logMessageRatio, significand: 1)
        var stc = try HomomorphicDFT.slotsToCoeffs(
            slotCount: n, levels: slotsToCoeffsLevels, factor: Complex(messageRatio / (2 * Double.pi)))
        var rotated: LinearTransform?
        if isSparse {
            let ones = [Complex](repeating: .one, count: n)
            let minusI = [Complex](repeating: -Complex.i, count: n)
            let plusI = [Complex](repeating: Complex.i, count: n)
            cts[cts.count - 1] = try cts[cts.count - 1].extendedToPeriodicInputs().leftMultiplied(byDiagonal: ones + minusI)
            let first = stc[0].extendedToPeriodicInputs()
            stc[0] = try first.rightMultiplied(byDiagonal: ones + plusI)
            rotated = try first.rightMultiplied(byDiagonal: plusI + ones)
        }
        return (cts, stc, rotated)
    }

    /// The giant step of a bootstrapping transform: Horner-accumulated giant steps (two rotation keys per
    /// transform) and at most `maximumBabySteps` baby steps.
    /// - Parameter transform: one of `transforms()`.
    func giantStep(for transform: LinearTransform) -> Int {
        transform.giantStep(accumulation: .nested, maximumBabySteps: maximumBabySteps ?? .max)
    }

    /// The rotation keys a bootstrapping transform needs: its baby steps and ±(giant step).
    /// - Parameter transform: one of `transforms()`.
    func rotationSteps(of transform: LinearTransform) -> [Int] {
        transform.rotationSteps(giantStep: giantStep(for: transform), accumulation: .nested)
    }
}
