// swift-tools-version: 6.0
import PackageDescription

/// The library's targets in data-flow order; the command line, the fuzzer and
/// the tests may use any of them.
let libraryTargets = [
    "ThirdsCore", "ThirdsText", "ThirdsModel", "ThirdsReach", "ThirdsLearn", "ThirdsRules", "ThirdsSolve",
    "ThirdsSchedule", "ThirdsCheck", "ThirdsExport", "ThirdsReport", "ThirdsKit",
]

let package = Package(
    name: "thirds",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "thirds", targets: ["thirds"]),
        .library(name: "ThirdsKit", targets: ["ThirdsKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Plot", exact: "0.14.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
    ],
    targets: [
        // The library, one target per step of the data flow: each depends only
        // on the steps before it, so a cycle between layers cannot compile.
        // README.md#layout shows the graph.
        .target(name: "ThirdsCore"),
        .target(name: "ThirdsText"),
        .target(name: "ThirdsModel", dependencies: ["ThirdsCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "ThirdsReach", dependencies: ["ThirdsModel"]),
        .target(name: "ThirdsLearn", dependencies: ["ThirdsReach", .product(name: "CSV", package: "CSV.swift")]),
        .target(name: "ThirdsRules", dependencies: ["ThirdsReach", "ThirdsText"]),
        .target(name: "ThirdsSolve", dependencies: ["ThirdsRules"]),
        .target(name: "ThirdsSchedule", dependencies: ["ThirdsSolve", .product(name: "Yams", package: "Yams")]),
        .target(name: "ThirdsCheck", dependencies: ["ThirdsSchedule"]),
        .target(name: "ThirdsExport", dependencies: ["ThirdsCheck", .product(name: "Ink", package: "Ink")]),
        .target(name: "ThirdsReport", dependencies: ["ThirdsExport", .product(name: "Plot", package: "Plot")]),
        .target(name: "ThirdsKit", dependencies: ["ThirdsExport", "ThirdsReport", "ThirdsLearn", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "thirds",
            dependencies: libraryTargets.map { .target(name: $0) } + [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ThirdsKitTests",
            dependencies: libraryTargets.map { .target(name: $0) } + [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer target of .ci/fuzz.sh, seen only when THIRDS_FUZZ is set:
// libFuzzer supplies its `main`, so a plain `swift build` could not link it.
// THIRDS_FUZZ=1 swift build --product thirds-fuzz --scratch-path .build-fuzz \
//   -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
if Context.environment["THIRDS_FUZZ"] != nil {
    package.products.append(.executable(name: "thirds-fuzz", targets: ["ThirdsFuzz"]))
    package.targets.append(.executableTarget(name: "ThirdsFuzz", dependencies: libraryTargets.map { .target(name: $0) }))
}

// The timing of ThirdsLearn's fit (BENCHMARKS.md#learning-a-profile), seen
// only when THIRDS_BENCH is set, so a plain build does not carry it:
// THIRDS_BENCH=1 swift run -c release --scratch-path .build-bench thirds-learn-bench
if Context.environment["THIRDS_BENCH"] != nil {
    package.products.append(.executable(name: "thirds-learn-bench", targets: ["ThirdsLearnBench"]))
    package.targets.append(.executableTarget(name: "ThirdsLearnBench", dependencies: ["ThirdsLearn"]))
}
