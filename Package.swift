// swift-tools-version: 6.1
// SpectraKit: identify materials from their spectra with a transferable Vision Transformer.
import Foundation
import PackageDescription

// MARK: - Modalities
//
// Every modality lives in `modalities/<NAME>/` (Sources/, optional Tests/, modality.json) and is
// named here once. The `ModalityRegistration` build-tool plugin embeds each modality.json and
// generates the CLI's registration list, so nothing in Sources/ names a modality.
// Adding a modality (see README, "Adding a modality"): create the folder (or run
// `swift package --allow-writing-to-package-directory new-modality --name NAME`) and add NAME below.
let modalities = ["XRD", "FTIR", "Raman", "NMR"]

/// Extra dependencies a modality brings beyond SpectraCore.
let modalityDependencies: [String: [Target.Dependency]] = [
    "XRD": ["SpectraCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")],
]

// MARK: - System libraries (Debian: libopenblas-dev, libzstd-dev)

let systemLibraries: [Target] = [
    .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                   providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
                   providers: [.apt(["libzstd-dev"])]),
]

// MARK: - Libraries

let libraries: [Target] = [
    .target(name: "SpectraCore"),
    // GELU and softmax loops in C: AVX2 + FMA chosen at run time (see its header for why).
    .target(name: "CVectorMath"),
    // A load-time constructor that keeps OpenBLAS from starting worker threads nobody asked for (see its source).
    .target(name: "CBLASStartup"),
    .target(name: "SpectraNN", dependencies: ["CBLAS", "CBLASStartup", "CVectorMath", "SpectraCore"]),
    .target(name: "SpectraModels", dependencies: ["SpectraNN", "SpectraCore", "CBLAS"]),
    .target(name: "SpectraTraining", dependencies: ["SpectraModels", "SpectraNN", "SpectraCore"]),
    .target(name: "SpectraZoo", dependencies: ["SpectraTraining", "SpectraModels", "SpectraNN", "SpectraCore", "CZstd"]),
    .target(name: "SpectraInsight", dependencies: ["SpectraModels", "SpectraNN", "SpectraCore"]),
    // The subcommand convention (one-line errors, exit status 1) shared by the CLI and modalities' commands.
    .target(name: "SpectraCommandLine", dependencies: [
        "SpectraCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
]

// MARK: - The CLI

let cli: Target = .executableTarget(
    name: "spectra",
    dependencies: [
        "SpectraCore", "SpectraNN", "SpectraModels", "SpectraTraining", "SpectraZoo", "SpectraInsight",
        "SpectraCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ] + modalities.map { .target(name: "\($0)Modality") },
    plugins: ["ModalityRegistration"]
)

// MARK: - Plugins and their build tool

let plugins: [Target] = [
    .executableTarget(name: "spectra-codegen", path: "Plugins/Codegen"),
    .plugin(name: "ModalityRegistration", capability: .buildTool(), dependencies: ["spectra-codegen"]),
    .plugin(
        name: "NewModality",
        capability: .command(
            intent: .custom(verb: "new-modality", description: "Scaffold modalities/<NAME> for a new spectrum type"),
            permissions: [.writeToPackageDirectory(reason: "Creates modalities/<NAME>/ with a starter modality")]
        )
    ),
]

// MARK: - Modality targets (generated from `modalities`)

let packageDirectory = Context.packageDirectory
func exists(_ relative: String) -> Bool {
    FileManager.default.fileExists(atPath: packageDirectory + "/" + relative)
}

let modalityTargets: [Target] = modalities.flatMap { name -> [Target] in
    var targets: [Target] = [
        .target(
            name: "\(name)Modality",
            dependencies: [.target(name: "SpectraCore")] + (modalityDependencies[name] ?? []),
            path: "modalities/\(name)/Sources",
            plugins: ["ModalityRegistration"]
        )
    ]
    if exists("modalities/\(name)/Tests") {
        targets.append(.testTarget(
            name: "\(name)ModalityTests",
            dependencies: [.target(name: "\(name)Modality"), "SpectraCore"],
            path: "modalities/\(name)/Tests",
            resources: exists("modalities/\(name)/Tests/Fixtures") ? [.copy("Fixtures")] : nil
        ))
    }
    return targets
}

// MARK: - Tests

let tests: [Target] = [
    .testTarget(name: "SpectraCoreTests", dependencies: ["SpectraCore"], resources: [.copy("Fixtures")]),
    .testTarget(name: "SpectraNNTests", dependencies: ["SpectraNN", "SpectraCore", "CBLAS"]),
    .testTarget(name: "SpectraModelsTests", dependencies: ["SpectraModels", "SpectraNN", "SpectraCore"],
                resources: [.copy("Fixtures")]),
    // Fixtures are excerpts of the public corpora, read by path (the importer tests and the end-to-end tests share them).
    .testTarget(name: "SpectraTrainingTests", dependencies: ["SpectraTraining", "SpectraModels", "SpectraCore"],
                exclude: ["Fixtures"]),
    .testTarget(name: "SpectraZooTests", dependencies: ["SpectraZoo", "SpectraModels", "SpectraCore"]),
    .testTarget(name: "SpectraInsightTests", dependencies: ["SpectraInsight", "SpectraModels", "SpectraCore"]),
    .testTarget(name: "spectraTests", dependencies: ["spectra"]),
]

let package = Package(
    name: "SpectraKit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spectra", targets: ["spectra"]),
        .library(name: "SpectraKit", targets: [
            "SpectraCore", "SpectraNN", "SpectraModels", "SpectraTraining", "SpectraZoo", "SpectraInsight",
        ] + modalities.map { "\($0)Modality" }),
        .plugin(name: "NewModality", targets: ["NewModality"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: systemLibraries + libraries + [cli] + plugins + modalityTargets + tests,
    swiftLanguageModes: [.v5]
)
