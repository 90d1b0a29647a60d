// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Zhendi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zhendi", targets: ["zhendi"]),
        .library(name: "ZhendiKit", targets: ["ZhendiKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swhitty/FlyingFox.git", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "ZhendiKit",
            dependencies: [
                "CCmarkGFM",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Search/FORMAT.md"],
            // Dynamic exclusivity checks cost ~5 % of a release build's CPU in the indexing and
            // rendering loops; the compiler still enforces exclusivity statically.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))],
            plugins: ["EmbedThemePlugin"]
        ),
        .executableTarget(name: "embed-theme"),
        .plugin(
            name: "EmbedThemePlugin",
            capability: .buildTool(),
            dependencies: ["embed-theme"],
            path: "Sources/EmbedThemePlugin"
        ),
        // jemalloc for the command (see allocator.c); the self-contained binary links it
        // statically (scripts/build-release).
        .target(name: "CAllocator", linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),
        .executableTarget(
            name: "zhendi",
            dependencies: [
                "ZhendiKit",
                "CAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        .testTarget(
            name: "ZhendiKitTests",
            dependencies: ["ZhendiKit", .product(name: "Mustache", package: "swift-mustache")]
        ),
    ]
)

// Fuzzing builds (scripts/fuzz) instrument the engine for libFuzzer and expose it as one dynamic
// library that the fuzz entry point (Tests/fuzz/FuzzTarget.swift) links against.
if ProcessInfo.processInfo.environment["ZHENDI_FUZZ"] != nil {
    for target in package.targets where target.name == "ZhendiKit" {
        target.swiftSettings = [.unsafeFlags(["-sanitize=fuzzer,address", "-enable-testing"])]
    }
    package.products.append(.library(name: "ZhendiKitFuzz", type: .dynamic, targets: ["ZhendiKit"]))
}
