import Foundation
import Testing
import UCIe

/// One `Vectors/ucie/encoding/*.json` case.
struct EncodingVector: Sendable, CustomTestStringConvertible {
    let id: String
    let codec: String
    let fields: [String: String]
    let bytes: [UInt8]
    var testDescription: String { id }
}

/// The vector folder, found relative to this source file.
let encodingVectorDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Vectors/ucie/encoding")

func loadEncodingVectors() throws -> [EncodingVector] {
    let files = try FileManager.default.contentsOfDirectory(atPath: encodingVectorDirectory.path)
        .filter { $0.hasSuffix(".json") }.sorted()
    return try files.map { file in
        let data = try Data(contentsOf: encodingVectorDirectory.appendingPathComponent(file))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let id = object["id"] as? String, let kind = object["kind"] as? String,
              let codec = object["codec"] as? String, let fields = object["fields"] as? [String: String],
              let hex = object["bytes"] as? String, object["summary"] is String
        else { throw VectorFileError(file: file, reason: "missing or mistyped key") }
        guard kind == "encoding", file == id + ".json" else {
            throw VectorFileError(file: file, reason: "kind must be 'encoding' and the file named after the id")
        }
        return EncodingVector(id: id, codec: codec, fields: fields, bytes: try bytes(fromHex: hex, file: file))
    }
}

struct VectorFileError: Error, CustomStringConvertible {
    let file: String
    let reason: String
    var description: String { "\(file): \(reason)" }
}

private func bytes(fromHex hex: String, file: String) throws -> [UInt8] {
    let digits = Array(hex)
    guard digits.count % 2 == 0 else { throw VectorFileError(file: file, reason: "odd-length hex") }
    return try stride(from: 0, to: digits.count, by: 2).map { index in
        guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else {
            throw VectorFileError(file: file, reason: "bad hex digit")
        }
        return byte
    }
}

@Test func encodingVectorFolderCoversEveryTopic() throws {
    let vectors = try loadEncodingVectors()
    #expect(vectors.count == 36)
    #expect(vectors.filter { $0.codec == "ucie.crc16" }.count == 12)
    let flitCodecs = Set(vectors.map(\.codec).filter { $0.hasPrefix("ucie.flit.") })
    #expect(flitCodecs.isSuperset(of: (1...6).map { "ucie.flit.format\($0)" }))
    #expect(Set(vectors.map(\.codec)).isSubset(of: Set(UCIeCodecs.names)))
}

@Test(arguments: try loadEncodingVectors())
func encodingVector(_ vector: EncodingVector) throws {
    #expect(try UCIeCodecs.encode(codec: vector.codec, fields: vector.fields) == vector.bytes)
    if UCIeCodecs.canDecode(codec: vector.codec) {
        #expect(try UCIeCodecs.decode(codec: vector.codec, bytes: vector.bytes) == vector.fields)
    } else {
        #expect(throws: UCIeError.notDecodable(codec: vector.codec)) {
            try UCIeCodecs.decode(codec: vector.codec, bytes: vector.bytes)
        }
    }
}
