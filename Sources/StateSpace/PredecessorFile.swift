import CExplorerSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fingerprint store's predecessors, kept on disk: one word per queue position,
/// written once as each round's new states join the queue and read back only to rebuild a
/// counterexample.
///
/// A predecessor is the one thing a fingerprint store must keep for every state besides its
/// fingerprint, and it is needed at most once, at the end, for one path of a few dozen steps.
/// Writing predecessors to an unlinked scratch file (in `$TMPDIR`, else `/tmp`) leaves the store's
/// memory to the fingerprint table and the frontier. The kernel may keep the file's pages
/// cached, but they are clean once written back and it can drop them at will; on tmpfs the
/// file is memory after all, which ``inMemory`` reports so that the run can say so.
@usableFromInline final class PredecessorFile {
    @usableFromInline let descriptor: Int32
    /// The file is on tmpfs or ramfs: its bytes are memory.
    @usableFromInline let inMemory: Bool
    /// Predecessors written so far (queue positions `0..<count`).
    @usableFromInline var count = 0

    /// Creates the scratch file; throws the system's reason when it cannot.
    @inlinable init() throws(PredecessorFileError) {
        let fd = cc_scratch_file_create()
        guard fd >= 0 else { throw PredecessorFileError(operation: "create", code: errno) }
        descriptor = fd
        inMemory = cc_scratch_file_in_memory(fd)
    }

    deinit { cc_scratch_file_close(descriptor) }

    /// Bytes written.
    @inlinable var bytes: Int { count * 8 }

    /// Appends the predecessors of queue positions `count ..< count + n`.
    @inlinable func append(_ predecessors: UnsafePointer<UInt64>, count n: Int) throws(PredecessorFileError) {
        guard n > 0 else { return }
        let code = cc_scratch_file_write(descriptor, predecessors, n * 8, UInt64(count) * 8)
        guard code == 0 else { throw PredecessorFileError(operation: "write", code: code) }
        count += n
    }

    /// The predecessor of queue position `position`.
    @inlinable func predecessor(at position: Int) throws(PredecessorFileError) -> UInt64 {
        precondition(position >= 0 && position < count, "no predecessor was written for queue position \(position)")
        var value: UInt64 = 0
        let code = withUnsafeMutablePointer(to: &value) { cc_scratch_file_read(descriptor, $0, 8, UInt64(position) * 8) }
        guard code == 0 else { throw PredecessorFileError(operation: "read", code: code) }
        return value
    }
}

/// Why the predecessor file failed, as the system put it.
@usableFromInline struct PredecessorFileError: Error, CustomStringConvertible {
    @usableFromInline let operation: String
    @usableFromInline let code: Int32

    @inlinable var description: String {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "could not \(operation) the scratch file for predecessor links in \(directory): "
            + String(cString: strerror(code)) + " (set TMPDIR to a directory with room for 8 bytes per state)"
    }

    @inlinable
    init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }
}
