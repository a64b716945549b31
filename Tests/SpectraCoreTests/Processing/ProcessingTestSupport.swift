import Foundation
import SpectraCore

/// The package root, found from this file's path (Tests/SpectraCoreTests/Processing/…).
let processingPackageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// True when `a` and `b` agree to `tolerance` (absolute) element by element.
func allClose(_ a: [Double], _ b: [Double], tolerance: Double) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

/// The reason of a `ProcessingError` thrown by `body`, or nil when it throws nothing or another error.
func processingErrorReason(_ body: () throws -> Void) -> String? {
    do { try body() } catch let error as ProcessingError { return error.reason } catch { return nil }
    return nil
}
