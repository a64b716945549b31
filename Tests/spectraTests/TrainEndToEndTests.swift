import Foundation
import Testing

private let trainArguments = ["--modality", "xrd", "--epochs", "6", "--repeats", "2", "--batch-size", "8",
                              "--depth", "1", "--embed-dim", "16", "--heads", "2", "--segment-length", "25",
                              "--no-augment", "--seed", "5", "--patience", "10"]

@Test func trainKilledWithSIGKILLResumesToTheSameModelAsAnUninterruptedRun() throws {
    guard let executable = SpectraExecutable.path else { Issue.record("spectra is not built"); return }
    let dir = try SpectraExecutable.temporaryFolder()
    try writePatternFolder(dir + "/data", classes: 3, perClass: 6)

    let whole = try SpectraExecutable.run(["train", "--data", dir + "/data", "--out", dir + "/whole.safetensors.zst"] + trainArguments)
    #expect(whole.status == 0, "\(whole.stderr)")

    // Start the same run, kill it with SIGKILL as soon as its first epoch checkpoint is on disk.
    let killed = Process()
    killed.executableURL = URL(fileURLWithPath: executable)
    killed.arguments = ["train", "--data", dir + "/data", "--out", dir + "/resumed.safetensors.zst"] + trainArguments
    killed.standardError = FileHandle.nullDevice
    try killed.run()
    let state = dir + "/resumed.optim.safetensors.zst"
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: state) && killed.isRunning && Date() < deadline { usleep(2000) }
    let killedMidway = killed.isRunning
    kill(killed.processIdentifier, SIGKILL)
    killed.waitUntilExit()
    #expect(killedMidway, "the run ended before it could be killed")
    // No temporary files are left behind as checkpoints.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".safetensors.zst") }
    #expect(Set(leftovers).isSubset(of: ["whole.safetensors.zst", "whole.optim.safetensors.zst",
                                         "resumed.safetensors.zst", "resumed.optim.safetensors.zst"]))

    let resumed = try SpectraExecutable.run(["train", "--data", dir + "/data", "--out", dir + "/resumed.safetensors.zst", "--resume"] + trainArguments)
    #expect(resumed.status == 0, "\(resumed.stderr)")

    // The two models give identical probabilities (printed at full precision) on every pattern.
    let files = (0..<3).map { dir + "/data/phase-\($0)/0.xy" }
    let a = try SpectraExecutable.run(["predict", "--model", dir + "/whole.safetensors.zst", "--json", "--top", "3"] + files)
    let b = try SpectraExecutable.run(["predict", "--model", dir + "/resumed.safetensors.zst", "--json", "--top", "3"] + files)
    #expect(a.status == 0 && b.status == 0)
    #expect(a.stdoutText.replacingOccurrences(of: "whole", with: "X") == b.stdoutText.replacingOccurrences(of: "resumed", with: "X"))

    // Resuming the finished run again does nothing and succeeds (scripts rerun after a kill); the
    // checkpoint is left byte for byte. With other options it is refused.
    let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/resumed.safetensors.zst"))
    let again = try SpectraExecutable.run(["train", "--data", dir + "/data", "--out", dir + "/resumed.safetensors.zst", "--resume"] + trainArguments)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("already finished"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/resumed.safetensors.zst")) == before)
    let changed = try SpectraExecutable.run(["train", "--data", dir + "/data", "--out", dir + "/resumed.safetensors.zst", "--resume"]
        + trainArguments + ["--seed", "9"])
    #expect(changed.status == 1)
    #expect(changed.stderr.contains("different options"))
}

@Test func predictWithAModelOfAnotherModalityIsAClearErrorAndBadUsageExitsTwo() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    try writePatternFolder(dir + "/data", classes: 2, perClass: 3)
    let trained = try SpectraExecutable.run(["train", "--data", dir + "/data", "--out", dir + "/m.safetensors.zst"]
        + trainArguments.map { $0 == "6" ? "1" : $0 })
    #expect(trained.status == 0, "\(trained.stderr)")
    let ir = SpectraExecutable.sharedData("jcamp/infrared/benzene.jdx")
    let wrong = try SpectraExecutable.run(["predict", "--model", dir + "/m.safetensors.zst", ir])
    #expect(wrong.status == 1)
    #expect(wrong.stderr.hasPrefix("error: \(ir): "))
    #expect(wrong.stderr.contains("xrd"))
    let usage = try SpectraExecutable.run(["predict", "--model", dir + "/m.safetensors.zst"])
    #expect(usage.status == 2)
}

@Test func classicalBaselinesTrainEvaluateAndPredictThroughTheSameCommands() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    try writePatternFolder(dir + "/data", classes: 3, perClass: 5)
    for model in ["knn", "knn-pearson", "naive-bayes", "logistic"] {
        let path = dir + "/\(model).safetensors.zst"
        let trained = try SpectraExecutable.run(["train", "--modality", "xrd", "--data", dir + "/data", "--model", model, "--out", path])
        #expect(trained.status == 0, "\(model): \(trained.stderr)")
        // The classes are peaks at different angles, far apart: every method separates them.
        let evaluated = try SpectraExecutable.run(["evaluate", "--model", path, "--data", dir + "/data", "--json"])
        #expect(evaluated.status == 0, "\(model): \(evaluated.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(evaluated.stdout)) as? [String: Any]
        #expect(report?["samples"] as? Int == 15)
        #expect(report?["top1"] as? Double == 1.0, "\(model)")
        let predicted = try SpectraExecutable.run(["predict", "--model", path, "--json", dir + "/data/phase-2/4.xy"])
        let rows = try JSONSerialization.jsonObject(with: Data(predicted.stdout)) as? [[String: Any]]
        let top = rows?.first?["top"] as? [[String: Any]]
        #expect(top?.first?["label"] as? String == "phase-2", "\(model)")
    }
}

@Test func aValidationFractionOutsideZeroToOneIsBadUsage() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    try writePatternFolder(dir + "/data", classes: 2, perClass: 3)
    for fraction in ["1", "-0.1", "nan"] {
        let run = try SpectraExecutable.run(["train", "--data", dir + "/data", "--out", dir + "/m.safetensors.zst",
                                             "--validation-fraction", fraction] + trainArguments)
        #expect(run.status == 2, "\(fraction)")
        #expect(run.stderr.contains("--validation-fraction"), "\(fraction)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.safetensors.zst"))
    }
}

/// `predict --check-with`: the check is the second model's own top-1 (as `predict` with that model alone gives it), and
/// "agrees" says whether it is the first model's top-1; a model for other labels is refused before anything is printed.
@Test func predictChecksWithASecondModelForTheSameLabels() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    try writePatternFolder(dir + "/data", classes: 2, perClass: 3)
    try writePatternFolder(dir + "/three", classes: 3, perClass: 3)
    func train(_ data: String, _ out: String, seed: String) throws {
        let args = trainArguments.enumerated().map { i, a in i > 0 && trainArguments[i - 1] == "--seed" ? seed : a }
        let run = try SpectraExecutable.run(["train", "--data", dir + "/" + data, "--out", dir + "/" + out] + args)
        #expect(run.status == 0, "\(run.stderr)")
    }
    try train("data", "a.safetensors.zst", seed: "5")
    try train("data", "b.safetensors.zst", seed: "6")
    try train("three", "c.safetensors.zst", seed: "5")
    let files = [dir + "/data/phase-0/0.xy", dir + "/data/phase-1/2.xy", dir + "/three/phase-2/1.xy"]
    func predictions(_ args: [String]) throws -> [[String: Any]] {
        let run = try SpectraExecutable.run(["predict", "--json"] + args + files)
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [[String: Any]] ?? []
    }
    let checked = try predictions(["--model", dir + "/a.safetensors.zst", "--check-with", dir + "/b.safetensors.zst", "--top", "2"])
    let first = try predictions(["--model", dir + "/a.safetensors.zst", "--top", "2"])
    let second = try predictions(["--model", dir + "/b.safetensors.zst", "--top", "1"])
    #expect(checked.count == 3 && first.count == 3 && second.count == 3)
    for i in 0..<min(checked.count, first.count, second.count) {
        let check = checked[i]["check"] as? [String: Any]
        let secondTop = (second[i]["top"] as? [[String: Any]])?.first
        let firstTop = (first[i]["top"] as? [[String: Any]])?.first
        #expect(check?["label"] as? String == secondTop?["label"] as? String)
        #expect(check?["probability"] as? Double == secondTop?["probability"] as? Double)
        #expect(check?["agrees"] as? Bool == (firstTop?["label"] as? String == secondTop?["label"] as? String))
        #expect(first[i]["check"] == nil)   // no --check-with, no check
    }
    let refused = try SpectraExecutable.run(["predict", "--model", dir + "/a.safetensors.zst",
                                             "--check-with", dir + "/c.safetensors.zst"] + files)
    #expect(refused.status == 1)
    #expect(refused.stderr.hasPrefix("error: \(dir)/c.safetensors.zst: --check-with needs a model for the same labels"))
    #expect(refused.stdout.isEmpty)
}
