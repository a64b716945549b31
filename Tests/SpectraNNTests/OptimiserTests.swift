import SpectraCore
import SpectraNN
import Testing

@Suite struct OptimiserTests {
    func singleParameter(_ value: Float, gradient: Float, decays: Bool = true) -> ParameterSet {
        let set = ParameterSet([ParameterSpec(name: "w", shape: [1], decays: decays)])
        set.values[0] = value
        set.gradients[0] = gradient
        return set
    }

    @Test func adamWFirstStepMovesByLearningRateAndDecaysDecoupled() {
        // Step 1: m̂ = g, v̂ = g², so the Adam move is lr·g/(|g|+ε) ≈ lr·sign(g); decoupled decay first
        // multiplies w by (1 − lr·wd): w = 2·(1 − 0.1·0.5) − 0.1·(0.5/(0.5+1e-8)) = 1.9 − 0.1 = 1.8
        let set = singleParameter(2, gradient: 0.5)
        Adam.adamW(weightDecay: 0.5).update([set], learningRate: 0.1, step: 1)
        #expect(abs(set.values[0] - 1.8) < 1e-6)
        // Not decayed (a bias): w = 2 − 0.1 = 1.9
        let bias = singleParameter(2, gradient: 0.5, decays: false)
        Adam.adamW(weightDecay: 0.5).update([bias], learningRate: 0.1, step: 1)
        #expect(abs(bias.values[0] - 1.9) < 1e-6)
    }

    @Test func adamSecondStepMatchesHandComputedMoments() {
        // g1 = 1, g2 = -1, β1 .9, β2 .999, lr .01, no decay:
        // step 1: w = 1 - .01 = .99. step 2: m = .9·.1 - .1 = -.01, m̂ = -.01/.19;
        // v = .999·.001 + .001 = .001999, v̂ = .001999/.001999 = 1 → w = .99 + .01·(.01/.19)/1
        let set = singleParameter(1, gradient: 1)
        let adam = Adam()
        adam.update([set], learningRate: 0.01, step: 1)
        set.gradients[0] = -1
        adam.update([set], learningRate: 0.01, step: 2)
        let expected = 0.99 + 0.01 * (0.01 / 0.19) / (1 + 1e-8)
        #expect(abs(Double(set.values[0]) - expected) < 1e-6)
    }

    @Test func sgdMomentumAccumulatesVelocity() {
        // buf1 = g = 1 → w = 1 − .1 = .9; buf2 = .9·1 + 1 = 1.9 → w = .9 − .19 = .71
        let set = singleParameter(1, gradient: 1)
        let sgd = SGD(momentum: 0.9)
        sgd.update([set], learningRate: 0.1, step: 1)
        sgd.update([set], learningRate: 0.1, step: 2)
        #expect(abs(set.values[0] - 0.71) < 1e-6)
    }

    @Test func clippingScalesToTheMaximumNorm() {
        let set = ParameterSet([ParameterSpec(name: "w", shape: [2], decays: true)])
        set.gradients[0] = 3
        set.gradients[1] = 4
        let norm = GradientClipping.clip([set], maxNorm: 1)
        #expect(norm == 5)
        #expect(abs(set.gradients[0] - 0.6) < 1e-5 && abs(set.gradients[1] - 0.8) < 1e-5)
    }

    @Test func warmupCosineRisesLinearlyThenFollowsTheHalfCosine() {
        let s = WarmupCosineSchedule(peak: 1, warmupSteps: 4, totalSteps: 14, minimum: 0.1)
        #expect(s.learningRate(at: 0) == 0.25)
        #expect(s.learningRate(at: 3) == 1)
        // Halfway through the decay (step 9 of 4…14): 0.1 + 0.9·0.5·(1 + cos(π/2)) = 0.55
        #expect(abs(s.learningRate(at: 9) - 0.55) < 1e-6)
        #expect(abs(s.learningRate(at: 14) - 0.1) < 1e-6)
        #expect(abs(s.learningRate(at: 100) - 0.1) < 1e-6)
        #expect(ConstantSchedule(rate: 0.3).learningRate(at: 7) == 0.3)
    }

    @Test func parameterImportRejectsMissingAndMisshapedTensors() throws {
        let set = ParameterSet([ParameterSpec(name: "a", shape: [2], decays: true), ParameterSpec(name: "b", shape: [1], decays: false)])
        #expect(throws: NNError.self) { try set.importParameters(["a": ([2], [1, 2])]) }
        #expect(throws: NNError.self) { try set.importParameters(["a": ([3], [1, 2, 3]), "b": ([1], [0])]) }
        try set.importParameters(["a": ([2], [1, 2]), "b": ([1], [5])])
        #expect(set.parameter(named: "a") == [1, 2])
        #expect(set.exportParameters()["b"]?.values == [5])
    }
}
