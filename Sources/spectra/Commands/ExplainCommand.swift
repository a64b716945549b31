import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraInsight

struct ExplainCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show where on the spectrum a model looks: attention and rollout (ViT) or CAM and Grad-CAM (CNN).",
        discussion: """
        Each FILE gets the model's own preprocessing (as `spectra predict`). In DIR, per file STEM:
          STEM.maps.svg       the spectrum with its maps as heat bands (ViT: attention rollout under the
                              curve and the last layer's CLS attention; CNN: CAM under the curve and Grad-CAM)
          STEM.attention.svg  (ViT) every layer × head attention matrix
          STEM.json           the numbers: top-k, attention (layer, head, query, key), CLS map and rollout per
                              token with each token's axis interval, CAM/Grad-CAM, the per-point maps
        With several files, comparison.svg stacks their spectra and maps on one axis (ZIF-8 against ZIF-67).
        Convert to PNG with e.g. `rsvg-convert -o maps.png maps.svg`.
        Example: spectra explain --model vit-xrd-mof ZIF-8.xy ZIF-67.xy --out explain/
        """
    )

    @Option(help: "A zoo model name or a .safetensors.zst path.")
    var model: String
    @Argument(help: "Spectrum files.")
    var files: [String]
    @Option(help: "Output folder (created if missing).")
    var out: String
    @Option(help: "How many labels to report per file.")
    var top = 5
    @Option(name: .customLong("class"), help: "The class the CNN's CAM explains (default: the top prediction; CNN only).")
    var className: String?
    @Flag(help: "Print JSON: per file its top labels and the files written.")
    var json = false
    @OptionGroup var zoo: ZooCommand.Location

    struct Written: Encodable { var file: String; var top: [Explanation.Ranked]; var outputs: [String] }
    struct Summary: Encodable { var files: [Written]; var comparison: String? }

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be positive") }
        guard !files.isEmpty else { throw ValidationError("give at least one spectrum file") }
    }

    func execute() throws {
        let loaded = try loadClassifier(model, zoo: zoo)
        let classifier = loaded.classifier
        let registry = try makeRegistry()
        let inputs = try modelInputs(files, for: loaded, registry: registry)
        let modality = try spectra.modality(of: classifier, in: registry, path: loaded.path)
        let explainer: Explainer
        do {
            explainer = try Explainer(network: classifier.network, labels: classifier.labels, axis: classifier.modality.axis)
        } catch let error as InsightError {
            throw InsightError(file: loaded.path, reason: error.reason)
        }
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw OutputError(file: out, reason: "cannot create the output folder (\(error.localizedDescription))")
        }
        let unit = classifier.modality.axis.unit
        let length = classifier.network.inputLength
        var explanations: [Explanation] = []
        var written: [Written] = []
        var usedStems = Set<String>()
        for (i, file) in files.enumerated() {
            let e: Explanation
            do {
                e = try explainer.explain(Array(inputs[(i * length)..<((i + 1) * length)]), file: file, top: top, className: className)
            } catch let error as InsightError {
                throw InsightError(file: file, reason: error.reason)
            }
            explanations.append(e)
            // a/x.xy and b/x.xy must not overwrite each other's figures: a repeated name gets -N, N its position.
            var stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            if usedStems.contains(stem) { stem += "-\(i + 1)" }
            usedStems.insert(stem)
            let base = (out as NSString).appendingPathComponent(stem)
            var outputs = [base + ".json", base + ".maps.svg"]
            try AtomicFile.write(jsonText(e, pretty: false), to: outputs[0])
            try AtomicFile.write(figure([e], unit: unit, intensity: modality.definition.intensity).svg(), to: outputs[1])
            if let grid = e.attentionGrid() {
                outputs.append(base + ".attention.svg")
                try AtomicFile.write(grid.svg(), to: outputs[2])
            }
            written.append(Written(file: file, top: e.top, outputs: outputs))
        }
        var summary = Summary(files: written, comparison: nil)
        if explanations.count > 1 {
            let path = (out as NSString).appendingPathComponent("comparison.svg")
            try AtomicFile.write(figure(explanations, unit: unit, intensity: modality.definition.intensity).svg(), to: path)
            summary.comparison = path
        }
        if json { writeStandardOutput(jsonText(summary)); return }
        for w in written {
            let best = w.top.first.map { String(format: "%@ (%.1f%%)", $0.label, 100 * $0.probability) } ?? ""
            print("\(w.file): \(best)")
            for o in w.outputs { print("  " + o) }
        }
        if let comparison = summary.comparison { print("comparison: " + comparison) }
    }

    /// The heat-band figure of one or more explained spectra.
    func figure(_ explanations: [Explanation], unit: AxisUnit, intensity: IntensityUnit) -> HeatBandPlot {
        let first = explanations[0]
        let what = first.attention != nil
            ? "attention rollout (under the curve) and last-layer CLS attention"
            : "CAM (under the curve) and Grad-CAM" + (explanations.count == 1 ? " for \(first.explainedClass ?? "")" : "")
        var plot = HeatBandPlot(panels: explanations.map { $0.panel() }, xLabel: unit.label, yLabel: intensity.label,
                                title: "Where the model looks: " + what)
        plot.xDescending = unit.plotsDescending
        return plot
    }
}
