import Testing
@testable import SpectraTraining

@Test func topKCountsRanksOfTheTrueClass() {
    var metrics = ClassificationMetrics(classCount: 6)
    // Row 0: truth 2 has the highest score → top-1.
    // Row 1: truth 0 is 4th highest (scores 0.5 < 0.9, 0.8, 0.7) → top-5 only.
    // Row 2: truth 5 is 2nd → top-3.
    // Row 3: all scores equal → ties count against the truth: rank 5, no hit.
    let scores: [Float] = [
        0.1, 0.2, 0.9, 0.0, 0.3, 0.4,
        0.5, 0.9, 0.8, 0.7, 0.1, 0.2,
        0.1, 0.2, 0.3, 0.4, 0.9, 0.8,
        1, 1, 1, 1, 1, 1,
    ]
    metrics.add(scores: scores, labels: [2, 0, 5, 3])
    #expect(metrics.total == 4)
    #expect(metrics.top1Hits == 1)
    #expect(metrics.top3Hits == 2)
    #expect(metrics.top5Hits == 3)
    #expect(metrics.confusion[0][1] == 1)
    #expect(metrics.confusion[5][4] == 1)
    #expect(metrics.perClassAccuracy[2] == 1.0)
    #expect(metrics.perClassAccuracy[0] == 0.0)
    #expect(metrics.perClassAccuracy[1] == nil)
}
