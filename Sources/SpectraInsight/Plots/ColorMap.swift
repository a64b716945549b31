import Foundation

/// A sequential colour map for continuous values (heat bands, heatmaps, confusion matrices):
/// piecewise-linear between evenly spaced stops in sRGB.
public struct ColorMap: Sendable, Equatable {
    /// Colour stops as (red, green, blue) in 0…255, from value 0 to value 1.
    public let stops: [(UInt8, UInt8, UInt8)]

    public init(stops: [(UInt8, UInt8, UInt8)]) { self.stops = stops }

    public static func == (a: ColorMap, b: ColorMap) -> Bool {
        a.stops.count == b.stops.count && zip(a.stops, b.stops).allSatisfy { $0 == $1 }
    }

    /// Viridis (matplotlib's default; perceptually uniform, readable with colour-vision deficiency
    /// and in greyscale), 9 stops sampled from matplotlib at 0, 1/8, …, 1.
    public static let viridis = ColorMap(stops: [
        (0x44, 0x01, 0x54), (0x47, 0x2d, 0x7b), (0x3b, 0x52, 0x8b), (0x2c, 0x72, 0x8e), (0x21, 0x91, 0x8c),
        (0x28, 0xae, 0x80), (0x5e, 0xc9, 0x62), (0xad, 0xdc, 0x30), (0xfd, 0xe7, 0x25),
    ])

    /// ColorBrewer "Blues" (9 classes; matplotlib's `Blues` is built from the same colours), white to
    /// dark blue: a single hue, so it reads with any colour-vision deficiency and in greyscale.
    public static let blues = ColorMap(stops: [
        (0xf7, 0xfb, 0xff), (0xde, 0xeb, 0xf7), (0xc6, 0xdb, 0xef), (0x9e, 0xca, 0xe1), (0x6b, 0xae, 0xd6),
        (0x42, 0x92, 0xc6), (0x21, 0x71, 0xb5), (0x08, 0x51, 0x9c), (0x08, 0x30, 0x6b),
    ])

    /// The colour of `value` in 0…1 (clamped; NaN maps to 0) as `#rrggbb`.
    public func color(_ value: Double) -> String {
        guard stops.count > 1 else { return stops.first.map { Self.hex($0) } ?? "#000000" }
        let v = value.isNaN ? 0 : min(1, max(0, value))
        let position = v * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(position))
        let t = position - Double(i)
        let a = stops[i], b = stops[i + 1]
        func mix(_ p: UInt8, _ q: UInt8) -> UInt8 { UInt8((Double(p) + (Double(q) - Double(p)) * t).rounded()) }
        return Self.hex((mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2)))
    }

    private static func hex(_ c: (UInt8, UInt8, UInt8)) -> String {
        String(format: "#%02x%02x%02x", c.0, c.1, c.2)
    }
}
