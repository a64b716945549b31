import Foundation
import Testing
import SpectraCore

struct AugmenterTests {
    /// A flat spectrum of ones, n points.
    func ones(_ n: Int) -> Spectrum { Spectrum(x: (0..<n).map(Double.init), y: [Double](repeating: 1, count: n)) }

    /// A spectrum with one peak of height 1 at `index` on a zero baseline.
    func peak(at index: Int, count n: Int = 101) -> Spectrum {
        var y = [Double](repeating: 0, count: n)
        y[index] = 1
        return Spectrum(x: (0..<n).map(Double.init), y: y)
    }

    func allAugmenters() throws -> [any Augmenter] {
        [try BlockElimination(), try BlockScaling(), try Shift(), try RandomCrop(), try GaussianNoise()]
    }

    @Test func sameSeedGivesSameOutputAndOtherSeedsDiffer() throws {
        let s = Spectrum(x: (0..<300).map(Double.init), y: (0..<300).map { 1 + sin(Double($0) / 7) })
        for step in try allAugmenters() {
            var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
            let first = try step.augment(s, using: &a)
            #expect(try step.augment(s, using: &b) == first, "\(type(of: step).stepName)")
            // Several other seeds: at least one must differ (a single one could coincide for shift k=0).
            let others = try (1...5).map { seed -> Spectrum in
                var g = SeededGenerator(seed: 1000 + UInt64(seed))
                return try step.augment(s, using: &g)
            }
            #expect(others.contains { $0 != first }, "\(type(of: step).stepName)")
        }
    }

    @Test func shiftMovesASinglePeakByExactlyKPointsBothWays() throws {
        let s = peak(at: 50)
        #expect(Shift.shifted(s.y, by: 3, fill: .zero).firstIndex(of: 1) == 53)
        #expect(Shift.shifted(s.y, by: -3, fill: .zero).firstIndex(of: 1) == 47)
        // Edge fill repeats the boundary value into the vacated points.
        #expect(Shift.shifted([1, 2, 3, 4], by: 2, fill: .edge) == [1, 1, 1, 2])
        #expect(Shift.shifted([1, 2, 3, 4], by: -1, fill: .edge) == [2, 3, 4, 4])
        #expect(Shift.shifted([1, 2, 3, 4], by: -1, fill: .zero) == [2, 3, 4, 0])

        let step = try Shift(maxPoints: 25, fill: .zero)
        var seen = Set<Int>()
        for seed in 0..<200 {
            var g = SeededGenerator(seed: UInt64(seed))
            let out = try step.augment(s, using: &g)
            let moved = try #require(out.y.firstIndex(of: 1)) - 50
            #expect(abs(moved) <= 25)
            #expect(out.y.reduce(0, +) == 1, "the peak must move, not vanish or duplicate")
            seen.insert(moved)
        }
        // 200 draws from 51 values: every sign shows up (P(no negative) = (26/51)^200 ≈ 1e-59).
        #expect(seen.contains { $0 < 0 } && seen.contains { $0 > 0 })
        #expect(seen.count > 30)
    }

    @Test func blockEliminationZeroesBlocksOfSevenToEightWithProbabilityP() throws {
        // 8000 points ≈ 1067 blocks. The zeroed fraction has mean p = 0.2 and standard deviation
        // √(p(1−p)/1067) ≈ 0.012; ±0.05 is over 4σ.
        let n = 8000
        var g = SeededGenerator(seed: 7)
        let out = try BlockElimination(probability: 0.2, minLength: 7, maxLength: 8).augment(ones(n), using: &g)
        let zeroed = out.y.filter { $0 == 0 }.count
        #expect(abs(Double(zeroed) / Double(n) - 0.2) < 0.05)
        // Every run of zeros is a union of whole blocks: length L with 7k ≤ L ≤ 8k for some k.
        var runs: [(start: Int, length: Int)] = []
        var i = 0
        while i < n {
            if out.y[i] == 0 {
                let start = i
                while i < n && out.y[i] == 0 { i += 1 }
                runs.append((start, i - start))
            } else { i += 1 }
        }
        #expect(runs.count > 100)
        for run in runs where run.start + run.length < n {
            let l = run.length
            #expect((1...l).contains { k in 7 * k <= l && l <= 8 * k }, "run of \(l)")
        }
        #expect(out.y.allSatisfy { $0 == 0 || $0 == 1 })
    }

    @Test func blockEliminationWithCertaintyZeroesEverything() throws {
        var g = SeededGenerator(seed: 1)
        #expect(try BlockElimination(probability: 1).augment(ones(50), using: &g).y.allSatisfy { $0 == 0 })
        #expect(try BlockElimination(probability: 0).augment(ones(50), using: &g).y.allSatisfy { $0 == 1 })
    }

    @Test func blockScalingUsesOneFactorPerFifteenPointBlockWithinRange() throws {
        var g = SeededGenerator(seed: 3)
        let out = try BlockScaling(blockLength: 15, minScale: 0.5, maxScale: 1.5).augment(ones(100), using: &g)
        var factors: [Double] = []
        for start in stride(from: 0, to: 100, by: 15) {
            let block = out.y[start..<min(100, start + 15)]
            #expect(Set(block).count == 1)
            factors.append(block.first ?? 0)
        }
        #expect(factors.allSatisfy { (0.5...1.5).contains($0) })
        #expect(Set(factors).count == factors.count)
    }

    @Test func randomCropKeepsOneContiguousWindowOfAtLeastMinFraction() throws {
        for seed in 0..<50 {
            var g = SeededGenerator(seed: UInt64(seed))
            let out = try RandomCrop(minFraction: 0.6).augment(ones(200), using: &g)
            let kept = out.y.indices.filter { out.y[$0] == 1 }
            let first = try #require(kept.first), last = try #require(kept.last)
            #expect(kept.count == last - first + 1)
            #expect(kept.count >= 120)
        }
    }

    @Test func randomCropSideEndKeepsTheStartAndProbabilityZeroKeepsAll() throws {
        var sawCut = false
        for seed in 0..<50 {
            var g = SeededGenerator(seed: UInt64(seed))
            let end = try RandomCrop(minFraction: 0.6, side: .end).augment(ones(200), using: &g)
            let kept = end.y.indices.filter { end.y[$0] == 1 }
            #expect(kept.first == 0 && kept.count == (kept.last ?? -1) + 1 && kept.count >= 120)
            let start = try RandomCrop(minFraction: 0.6, side: .start).augment(ones(200), using: &g)
            let keptStart = start.y.indices.filter { start.y[$0] == 1 }
            #expect(keptStart.last == 199 && keptStart.count == 200 - (keptStart.first ?? 200) && keptStart.count >= 120)
            sawCut = sawCut || kept.count < 200
            let never = try RandomCrop(minFraction: 0.6, probability: 0).augment(ones(200), using: &g)
            #expect(never.y == ones(200).y)
        }
        #expect(sawCut)
        #expect(throws: ProcessingError.self) { try RandomCrop(parameters: ["side": .string("middle")]) }
        #expect(try RandomCrop(parameters: ["minFraction": .number(0.7), "side": .string("end"), "probability": .number(0.5)])
                == RandomCrop(minFraction: 0.7, side: .end, probability: 0.5))
    }

    @Test func gaussianNoiseHasRequestedStandardDeviation() throws {
        // max|y| = 1, sigma 0.05: the sample SD of 20000 values has relative standard error
        // 1/√(2·20000) ≈ 0.5 %; 5 % is 10σ. The mean's SD is 0.05/√20000 ≈ 3.5e-4; 0.002 is ~6σ.
        var y = [Double](repeating: 0, count: 20_001)
        y[0] = 1
        var g = SeededGenerator(seed: 11)
        let out = try GaussianNoise(sigma: 0.05).augment(Spectrum(x: y.indices.map(Double.init), y: y), using: &g)
        let noise = Array(out.y.dropFirst())
        let mean = noise.reduce(0, +) / Double(noise.count)
        let sd = (noise.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(noise.count - 1)).squareRoot()
        #expect(abs(mean) < 0.002)
        #expect(abs(sd / 0.05 - 1) < 0.05)
    }

    @Test func augmentersRefuseEmptyAndNaNSpectra() throws {
        for step in try allAugmenters() {
            var g = SeededGenerator(seed: 0)
            #expect(processingErrorReason { _ = try step.augment(Spectrum(x: [], y: []), using: &g) } != nil)
            #expect(processingErrorReason { _ = try step.augment(Spectrum(x: [0, 1], y: [1, .nan]), using: &g) }?
                .contains(type(of: step).stepName) == true)
        }
    }
}
