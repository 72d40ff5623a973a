import CExplorerSupport
import Dispatch

/// The threads that run a search's parallel phases: the caller and `threads - 1` helpers that
/// stay awake between phases (see `WorkerTeam.c`).
///
/// A round is two phases of a few milliseconds, and a search runs hundreds. A thread pool that
/// lets its threads sleep between them (`DispatchQueue.concurrentPerform`) pays a wake-up at
/// every phase, and on a virtual machine a halted processor wakes through the host. Helpers
/// here spin on the next job for a while first, when there is a processor for each thread;
/// with more threads than processors a spinning helper would take a processor from a working
/// one, so they sleep at once.
@usableFromInline final class WorkerTeam: @unchecked Sendable {
    @usableFromInline let threads: Int
    @usableFromInline let team: OpaquePointer?
    /// The next item of ``forEach(_:_:)`` (atomic), on a cache line of its own.
    @usableFromInline let nextItem: UnsafeMutablePointer<UInt64>

    /// Pauses a helper spins through before it sleeps (a pause is tens of cycles): longer than
    /// the serial step between two phases (collecting a round's outputs), about as long as a
    /// phase.
    @usableFromInline static let spins = 1 << 15

    @inlinable init(threads: Int) {
        self.threads = threads
        let spins = threads <= Int(cc_online_processors()) ? Self.spins : 0
        team = threads > 1 ? cc_team_create(threads, spins) : nil
        nextItem = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 128).bindMemory(to: UInt64.self, capacity: 1)
        nextItem.initialize(to: 0)
    }

    /// Calls `body(k)` once for every `k` in `0..<count`, on whichever worker is free next.
    @inlinable func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        nextItem.pointee = 0
        let next = SendablePointer(nextItem)
        perform { _ in
            while true {
                let k = Int(cc_fetch_add(next.pointer, 1))
                if k >= count { return }
                body(k)
            }
        }
    }

    /// Calls `body(w)` for every worker `w` in `0..<threads`, 0 on this thread, and returns when
    /// all calls have. If the helpers could not be started, a dispatch queue runs them.
    @inlinable func perform(_ body: @Sendable (Int) -> Void) {
        guard let team else {
            if threads == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: body) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var job = body
            withUnsafeMutablePointer(to: &job) { job in
                cc_team_run(team, { context, worker in
                    context.unsafelyUnwrapped.assumingMemoryBound(to: (@Sendable (Int) -> Void).self).pointee(worker)
                }, job)
            }
        }
    }

    deinit {
        if let team { cc_team_destroy(team) }
        nextItem.deallocate()
    }
}

/// A pointer handed to the workers of one ``WorkerTeam/perform(_:)`` call, which synchronises
/// every access to it.
@usableFromInline struct SendablePointer: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<UInt64>
    @inlinable init(_ pointer: UnsafeMutablePointer<UInt64>) { self.pointer = pointer }
}
