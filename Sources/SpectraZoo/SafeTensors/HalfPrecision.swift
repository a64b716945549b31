/// Conversions between Float32 and the 16-bit storage formats, with IEEE round-to-nearest-even.
///
/// float16 (binary16): 1 sign, 5 exponent, 10 mantissa bits; max 65504, smallest subnormal 2⁻²⁴.
/// Values at or above 65520 round to infinity; values at or below 2⁻²⁵ round to (signed) zero;
/// NaN stays NaN (quiet, top payload bits kept). bfloat16: the top 16 bits of a Float32, rounded
/// to nearest even; NaN stays a quiet NaN.
public enum HalfPrecision {
    /// float16 bits nearest to `value` (ties to even).
    public static func float16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        var mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            // Infinity keeps a zero mantissa; NaN is forced quiet so the payload cannot vanish.
            return sign | 0x7C00 | (mantissa != 0 ? 0x0200 | UInt16(truncatingIfNeeded: mantissa >> 13) : 0)
        }
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }
        if halfExponent <= 0 {
            // Subnormal result (or zero): shift the full significand down to units of 2⁻²⁴.
            if halfExponent < -10 { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - halfExponent)
            let kept = mantissa >> shift
            let remainder = mantissa & ((1 << shift) - 1)
            let halfway: UInt32 = 1 << (shift - 1)
            var rounded = kept
            if remainder > halfway || (remainder == halfway && kept & 1 == 1) { rounded += 1 }
            return sign | UInt16(truncatingIfNeeded: rounded)
        }
        var half = UInt32(halfExponent) << 10 | (mantissa >> 13)
        let remainder = mantissa & 0x1FFF
        // A carry out of the mantissa correctly bumps the exponent, up to infinity (0x7C00).
        if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }
        return sign | UInt16(truncatingIfNeeded: half)
    }

    /// The exact Float32 value of float16 `bits`.
    public static func float(fromFloat16 bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x03FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        if exponent == 0 {
            // Subnormal: mantissa × 2⁻²⁴ is exact in Float32.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// bfloat16 bits nearest to `value` (ties to even).
    public static func bfloat16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounding: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// The exact Float32 value of bfloat16 `bits`.
    public static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
