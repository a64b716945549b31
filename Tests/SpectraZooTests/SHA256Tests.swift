import Testing
@testable import SpectraZoo

@Suite struct SHA256Tests {
    /// FIPS 180-4 / NIST example vectors.
    @Test func matchesFIPSTestVectors() {
        #expect(SHA256.hexDigest(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func matchesSha256sumOfFixtures() {
        #expect(SHA256.hexDigest(of: Fixtures.pythonSafetensors) == "eef3be48e205490c7314475520dbcd981a17c81c048e1b67b360e084460df194")
        #expect(SHA256.hexDigest(of: Fixtures.zstdCLIFrame) == "26f8f5886b792ef46f4b40e5d638c471614bc7095ea099a5a81c0d8eeff60d12")
    }

    @Test func incrementalUpdatesAgreeWithOneShot() {
        let message = (0..<200).map { UInt8($0) }
        var hasher = SHA256()
        for chunk in [0..<1, 1..<64, 64..<65, 65..<130, 130..<200] { hasher.update(Array(message[chunk])) }
        let digest = hasher.finalize().map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(digest == SHA256.hexDigest(of: message))
    }
}
