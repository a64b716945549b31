import Foundation
import Testing
import SpectraCore

/// How a registry finds a file's reader: scores count up to 100, the first 100 ends sniffing, and readers
/// added with `addReaders(madeWhenNeeded:)` are made only when a lookup gets to them.
@Suite struct ReaderLookupTests {
    /// Counts events across copies of a registry (readers are values).
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]
        func add(_ name: String) { lock.lock(); counts[name, default: 0] += 1; lock.unlock() }
        func count(_ name: String) -> Int { lock.lock(); defer { lock.unlock() }; return counts[name] ?? 0 }
    }

    /// Claims every file with `score` and records each time it is asked.
    struct FixedReader: SpectrumReader {
        let formatName: String
        let score: Int
        let tally: Tally
        var fileExtensions: [String] { [] }
        func sniff(head: [UInt8], fileExtension: String) -> Int { tally.add("sniff " + formatName); return score }
        func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
            throw SpectrumReadError(file: file, reason: "not used")
        }
    }

    @Test func theFirstSignatureEndsSniffing() {
        let tally = Tally()
        var registry = ModalityRegistry()
        registry.add(reader: FixedReader(formatName: "a", score: 100, tally: tally))
        registry.add(reader: FixedReader(formatName: "b", score: 100, tally: tally))
        #expect(registry.reader(forHead: [1], fileExtension: "")?.formatName == "a")
        #expect(tally.count("sniff b") == 0)

        var weaker = ModalityRegistry()
        weaker.add(reader: FixedReader(formatName: "a", score: 60, tally: tally))
        weaker.add(reader: FixedReader(formatName: "b", score: 100, tally: tally))
        weaker.add(reader: FixedReader(formatName: "c", score: 100, tally: tally))
        #expect(weaker.reader(forHead: [1], fileExtension: "")?.formatName == "b")
        #expect(tally.count("sniff c") == 0)

        // 100 is the top score: a later reader's 150 does not beat an earlier 100.
        var capped = ModalityRegistry()
        capped.add(reader: FixedReader(formatName: "a", score: 100, tally: tally))
        capped.add(reader: FixedReader(formatName: "b", score: 150, tally: tally))
        #expect(capped.reader(forHead: [1], fileExtension: "")?.formatName == "a")
    }

    @Test func readersMadeWhenNeededAreMadeOnceAndOnlyWhenReached() throws {
        let tally = Tally()
        var registry = ModalityRegistry.core
        registry.addReaders(madeWhenNeeded: {
            tally.add("made")
            return [FixedReader(formatName: "late", score: 90, tally: tally)]
        })
        // A JCAMP-DX head: the core JCAMP reader's signature (100) settles it.
        let jcamp = Array("##TITLE= t\n##JCAMP-DX= 4.24\n".utf8)
        #expect(registry.reader(forHead: jcamp, fileExtension: "jdx")?.formatName == "jcamp-dx")
        #expect(try registry.reader(named: "npy").formatName == "npy")
        #expect(tally.count("made") == 0)
        // Text no core reader signs for: the late reader is made, asked, and wins with 90.
        #expect(registry.reader(forHead: Array("hello".utf8), fileExtension: "")?.formatName == "late")
        #expect(try registry.reader(named: "late").formatName == "late")
        #expect(registry.readers.map(\.formatName) == ["jcamp-dx", "npy", "xy", "late"])
        #expect(tally.count("made") == 1)
    }
}
