// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        .target(
            name: "ThirdsKit",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "thirds",
            dependencies: [
                "ThirdsKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ThirdsKitTests",
            dependencies: ["ThirdsKit", .product(name: "Yams", package: "Yams")],
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
    package.targets.append(.executableTarget(name: "ThirdsFuzz", dependencies: ["ThirdsKit"]))
}
