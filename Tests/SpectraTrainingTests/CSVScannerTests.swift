import Testing
import SpectraCore
@testable import SpectraTraining

/// All records of `text` as (line, fields as strings).
private func records(_ text: String) throws -> [(line: Int, fields: [String])] {
    var out: [(Int, [String])] = []
    try CSVScanner(bytes: Array(text.utf8), file: "t.csv").forEachRecord { r in
        out.append((r.line, (0..<r.count).map { r.string($0) }))
    }
    return out
}

@Test func csvQuotedFieldsKeepCommasQuotesAndLineBreaks() throws {
    // The OpenSpecy metadata quotes organisations with commas and writes empty strings as "".
    let text = "\u{FEFF}a,b,c\r\n\"Sukumaran, Thermo\",\"\",x\r\n\n\"say \"\"hi\"\"\",\"two\nlines\", 3 \n4,,\n"
    let r = try records(text)
    #expect(r.map(\.line) == [1, 2, 4, 6])
    #expect(r[0].fields == ["a", "b", "c"])
    #expect(r[1].fields == ["Sukumaran, Thermo", "", "x"])
    #expect(r[2].fields == ["say \"hi\"", "two\nlines", "3"])
    #expect(r[3].fields == ["4", "", ""])
}

@Test func csvNumbersAreValuesMissingOrNotNumbers() throws {
    var seen: [CSVNumber] = []
    try CSVScanner(bytes: Array("667.3, -1.5e-3 ,NA,nan,,\"2\",abc,1.2.3\n".utf8), file: "t.csv").forEachRecord { r in
        seen = (0..<r.count).map { r.number($0) }
    }
    #expect(seen == [.value(667.3), .value(-0.0015), .missing, .missing, .missing, .value(2), .notANumber, .notANumber])
}

@Test func csvUnclosedQuoteAndTextAfterAQuoteNameTheirLines() {
    #expect(throws: DatasetError(file: "t.csv", line: 2, reason: "a quoted field is never closed")) {
        try records("a,b\n1,\"open\n\n")
    }
    #expect(throws: DatasetError(file: "t.csv", line: 3, reason: "text after the closing quote of field 2")) {
        try records("a,b\n1,2\n3,\"4\"x\n")
    }
}
