import Testing
@testable import SpectraZoo

@Suite struct HalfPrecisionTests {
    /// (Float32 bits, float16 bits) from numpy 2.4.6: `hex(np.float32(v).astype(np.float16).view(np.uint16))`.
    static let numpyFloat16: [(UInt32, UInt16)] = [
        (0x0000_0000, 0x0000), (0x8000_0000, 0x8000), (0x3F80_0000, 0x3C00),
        (0x477F_E000, 0x7BFF), // 65504, the largest float16
        (0x477F_EFFD, 0x7BFF), // 65519.988 rounds down to max
        (0x477F_F000, 0x7C00), // 65520 rounds to infinity
        (0x7F80_0000, 0x7C00), (0xFF80_0000, 0xFC00),
        (0x3380_0000, 0x0001), // 2⁻²⁴, the smallest subnormal
        (0x3300_0000, 0x0000), // 2⁻²⁵, halfway to zero: ties to even
        (0x3300_0001, 0x0001), // just above halfway
        (0x33C0_0000, 0x0002), // 3·2⁻²⁵, halfway between 1 and 2 subnormal units: ties to even
        (0x3880_0000, 0x0400), // 2⁻¹⁴, smallest normal
        (0x387F_E000, 0x0400), // rounds up from the largest subnormal range into the smallest normal
        (0x3F80_1000, 0x3C00), // 1 + 2⁻¹¹: tie, stays even
        (0x3F80_3000, 0x3C02), // 1 + 3·2⁻¹¹: tie, rounds up to even
        (0x3DCC_CCCD, 0x2E66), // 0.1
        (0xB22B_CC77, 0x8000), // -1e-8 underflows to -0
        (0x387F_DA40, 0x03FF), // 6.1e-5, largest subnormal
        (0x7FC0_0000, 0x7E00), // quiet NaN
    ]

    @Test func float16MatchesNumpyAtEdgeValues() {
        for (float, half) in Self.numpyFloat16 {
            #expect(HalfPrecision.float16Bits(Float(bitPattern: float)) == half, "float bits \(String(float, radix: 16))")
        }
    }

    @Test func everyFloat16SurvivesARoundTripThroughFloat32() {
        for bits in UInt16.min...UInt16.max {
            let value = HalfPrecision.float(fromFloat16: bits)
            if value.isNaN {
                // Exponent all ones with a non-zero mantissa is NaN.
                #expect(bits & 0x7C00 == 0x7C00 && bits & 0x03FF != 0)
                // NaN comes back as a quiet NaN with the same sign.
                #expect(HalfPrecision.float16Bits(value) == bits | 0x0200)
            } else if HalfPrecision.float16Bits(value) != bits {
                Issue.record("float16 \(String(bits, radix: 16)) did not round-trip")
                return
            }
        }
    }

    @Test func float16DecodesKnownValues() {
        // IEEE 754 binary16: 0x3555 ≈ 0.33325195 (= 1365/4096), 0x0001 = 2⁻²⁴, 0xC000 = -2.
        #expect(HalfPrecision.float(fromFloat16: 0x3555) == 1365.0 / 4096.0)
        #expect(HalfPrecision.float(fromFloat16: 0x0001) == 0x1p-24)
        #expect(HalfPrecision.float(fromFloat16: 0xC000) == -2)
        #expect(HalfPrecision.float(fromFloat16: 0x7C00) == .infinity)
    }

    /// bfloat16 keeps the top 16 bits of a Float32, rounded to nearest even; values worked out by hand.
    @Test func bfloat16RoundsToNearestEvenAtEdgeValues() {
        let cases: [(UInt32, UInt16)] = [
            (0x3F80_0000, 0x3F80), // 1
            (0x3F80_8000, 0x3F80), // 1 + 2⁻⁸: tie, 0x3f80 is even
            (0x3F81_8000, 0x3F82), // 1 + 3·2⁻⁸: tie, rounds to even 0x3f82
            (0x3F80_8001, 0x3F81), // just above the tie
            (0x7F7F_FFFF, 0x7F80), // Float.greatestFiniteMagnitude overflows to infinity
            (0xFF80_0000, 0xFF80), // -infinity
            (0x8000_0000, 0x8000), // -0
            (0x0000_8000, 0x0000), // subnormal tie, even
            (0x0001_8000, 0x0002), // subnormal tie, odd → up
            (0x7FC0_0000, 0x7FC0), // quiet NaN
            (0x7F80_0001, 0x7FC0), // signalling NaN with payload only in low bits stays NaN, not infinity
        ]
        for (float, bf16) in cases {
            #expect(HalfPrecision.bfloat16Bits(Float(bitPattern: float)) == bf16, "float bits \(String(float, radix: 16))")
        }
        #expect(HalfPrecision.float(fromBFloat16: 0xC040) == -3)
    }
}
