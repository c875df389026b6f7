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
