// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Muster",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "muster", targets: ["muster"]),
        .executable(name: "muster-bench", targets: ["muster-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // GNU readline and history, from Debian's libreadline-dev.
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]),
        .target(
            name: "MusterCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                // PBKDF2 for passwords; the underscore is the package's name for its extras, not a private API.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            resources: [.embedInCode("Time/bank-holidays-england-and-wales.txt")]),
        .target(
            name: "Scheduler",
            dependencies: ["MusterCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "Evaluation",
            dependencies: ["MusterCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "Reports",
            dependencies: ["MusterCore", "Evaluation"]),
        .target(
            name: "Console",
            dependencies: ["MusterCore", "Scheduler", "Evaluation", "Reports", "CReadline"]),
        .executableTarget(
            name: "muster",
            dependencies: [
                "Console",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Benchmarks against sqlite3 and the floor of any Swift tool: swift run -c release muster-bench.
        .executableTarget(
            name: "muster-bench",
            dependencies: ["Console", "MusterCore", "Scheduler", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/MusterBench"),
        // Start, open the database with GRDB, answer one query: what muster-bench times start-up against.
        .executableTarget(
            name: "muster-floor",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/MusterFloor"),
        .testTarget(
            name: "MusterCoreTests",
            dependencies: ["MusterCore", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SchedulerTests",
            dependencies: ["Scheduler", "MusterCore", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation", "Reports", "MusterCore", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "CSV", package: "CSV.swift")],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Evaluation", "Scheduler", "MusterCore", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(
            name: "ConsoleTests",
            dependencies: ["Console", "MusterCore", "muster", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "MusterBenchTests",
            dependencies: ["muster-bench", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
