// Build-tool plugin that makes modalities plugins in the literal sense:
// - on a modality target (modalities/<NAME>/Sources) it embeds ../modality.json as `ModalityResources`;
// - on any other target (the CLI) it generates `bundledModalityPlugins`, listing every dependency
//   whose sources live under modalities/, so nothing in Sources/ names a modality.
import Foundation
import PackagePlugin

@main
struct ModalityRegistration: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "spectra-codegen").url
        let output = context.pluginWorkDirectoryURL
        let targetDir = target.directoryURL
        if targetDir.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent == "modalities" {
            let json = targetDir.deletingLastPathComponent().appendingPathComponent("modality.json")
            let generated = output.appendingPathComponent("ModalityResources.swift")
            return [.buildCommand(
                displayName: "Embedding \(json.path)",
                executable: tool,
                arguments: ["embed", json.path, generated.path],
                inputFiles: [json],
                outputFiles: [generated]
            )]
        }
        let modules = target.recursiveTargetDependencies.compactMap { dependency -> String? in
            guard let module = dependency as? SourceModuleTarget else { return nil }
            let dir = module.directoryURL
            let isModality = dir.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent == "modalities"
            return isModality ? module.moduleName : nil
        }
        let generated = output.appendingPathComponent("BundledModalities.swift")
        return [.buildCommand(
            displayName: "Registering modalities \(modules.joined(separator: ", "))",
            executable: tool,
            arguments: ["registry", generated.path] + modules,
            inputFiles: [],
            outputFiles: [generated]
        )]
    }
}
