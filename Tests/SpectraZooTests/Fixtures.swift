import Foundation

/// Small byte fixtures made once by reference tools, pasted as hex so the test target needs no resources.
enum Fixtures {
    /// Made with Python safetensors 0.8.0 / numpy 2.4.6:
    ///
    ///     from safetensors.numpy import save
    ///     save({"head.weight": np.array([[1.0, -2.5, 0.0], [3.25, 1e-3, -0.0]], dtype=np.float32),
    ///           "cls_token": np.array([[[0.5, 2.0]]], dtype=np.float32),
    ///           "a.half": np.array([1.0, 65504.0, -2.0**-24], dtype=np.float16)},
    ///          metadata={"format_version": "1"}).hex()
    ///
    /// `sha256sum` of these 278 bytes: eef3be48e205490c7314475520dbcd981a17c81c048e1b67b360e084460df194.
    static let pythonSafetensors = bytes(hex: "e8000000000000007b225f5f6d657461646174615f5f223a7b22666f726d61745f76657273696f6e223a2231227d2c22636c735f746f6b656e223a7b226474797065223a22463332222c227368617065223a5b312c312c325d2c22646174615f6f666673657473223a5b302c385d7d2c22686561642e776569676874223a7b226474797065223a22463332222c227368617065223a5b322c335d2c22646174615f6f666673657473223a5b382c33325d7d2c22612e68616c66223a7b226474797065223a22463136222c227368617065223a5b335d2c22646174615f6f666673657473223a5b33322c33385d7d7d20200000003f000000400000803f000020c000000000000050406f12833a00000080003cff7b0180")

    /// `zstd -q -19 --check fx.safetensors` (zstd CLI v1.5.4) of `pythonSafetensors`;
    /// `sha256sum`: 26f8f5886b792ef46f4b40e5d638c471614bc7095ea099a5a81c0d8eeff60d12.
    static let zstdCLIFrame = bytes(hex: "28b52ffd6416007d0500a2092220a0ed3fea3f56559570deee48057ae167ad56aa205fe0ad1a4e6a421530386e1921f095c89c560cb4c2cc5108e7549239a72080a073d4a7d528220b4f03a6f58ffa744f1295bb01c279f2079de389c6fab6f31645dadfa15f7cd1e069f3775a17b79e336f4358aef4be9bf5f8835eb8754c539b96b9bbf1a5e9c83febf7e28d21bcf375af7f930c0e0038c1e0aeb102103b40bd4a000c0cc495220242843730c23a27c81933561815e000b0de0efa6b")

    /// `printf 'hello, spectra\n' | zstd --no-check`: a valid frame without a content checksum.
    static let zstdFrameWithoutChecksum = bytes(hex: "28b52ffd200f79000068656c6c6f2c20737065637472610a")

    /// Hex text to bytes.
    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }

    /// A fresh empty folder under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "spectrazoo-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
