import CExplorerSupport

/// Doubles the capacity of two parallel columns holding `count` entries each, moving them.
@inlinable func doubleColumns<First, Second>(
    _ first: inout UnsafeMutablePointer<First>, _ second: inout UnsafeMutablePointer<Second>, count: Int,
    capacity: inout Int
) {
    let newCapacity = capacity * 2
    let newFirst = UnsafeMutablePointer<First>.allocate(capacity: newCapacity)
    let newSecond = UnsafeMutablePointer<Second>.allocate(capacity: newCapacity)
    newFirst.moveInitialize(from: first, count: count)
    newSecond.moveInitialize(from: second, count: count)
    first.deallocate()
    second.deallocate()
    first = newFirst
    second = newSecond
    capacity = newCapacity
}

/// What one task (a contiguous slice of a level's frontier) produced: the states it stored or
/// whose predecessor it lowered, in discovery order, and what it noticed.
@usableFromInline
struct TaskOutput {
    @usableFromInline var ids: UnsafeMutablePointer<UInt32>
    @usableFromInline var predecessors: UnsafeMutablePointer<UInt64>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    /// Smallest queue index in the task whose state is stuck and not a legitimate end (-1: none).
    @usableFromInline var deadlock = -1
    /// A state this task stored breaks an invariant.
    @usableFromInline var sawViolation = false
    /// The arena was full: a state could not be stored.
    @usableFromInline var full = false
    @usableFromInline var rulesFired = 0
    @usableFromInline var inserted = 0

    @inlinable init(capacity: Int) {
        self.capacity = capacity
        ids = .allocate(capacity: capacity)
        predecessors = .allocate(capacity: capacity)
    }

    @inlinable mutating func reset() {
        count = 0
        deadlock = -1
        sawViolation = false
        full = false
        rulesFired = 0
        inserted = 0
    }

    @inlinable @inline(__always)
    mutating func append(_ id: Int, _ predecessor: UInt64) {
        if count == capacity { growStorage() }
        ids[count] = UInt32(truncatingIfNeeded: id)
        predecessors[count] = predecessor
        count &+= 1
    }

    /// Out of line: runs a handful of times per exploration, never per state in steady state.
    @usableFromInline @inline(never)
    mutating func growStorage() { doubleColumns(&ids, &predecessors, count: count, capacity: &capacity) }

    /// Writes a predecessor greater than every real one just past the last entry, without counting
    /// it: a merge then needs no test for a list's end (see ``mergeByPredecessor(_:into:)``).
    @inlinable mutating func appendSentinel() {
        if count == capacity { growStorage() }
        predecessors[count] = .max
        ids[count] = 0
    }

    @inlinable func free() {
        ids.deallocate()
        predecessors.deallocate()
    }
}

/// One task's successors bound for one segment of the table (one-word states, several
/// threads; see ``StateStore/segmentBits``), in the order the task generated them, which is
/// the order of their predecessors.
///
/// A predecessor here is relative to the round: the parent's position in it above the rule
/// (``Search/routeRuleBits``), 32 bits. Every routed successor is written here and read back
/// once, and two threads are bound by the memory traffic they share: 12 bytes an entry
/// rather than 16.
@usableFromInline
struct RoutedSuccessors {
    @usableFromInline var words: UnsafeMutablePointer<UInt64>
    @usableFromInline var predecessors: UnsafeMutablePointer<UInt32>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    @inlinable init(capacity: Int) {
        self.capacity = capacity
        words = .allocate(capacity: capacity)
        predecessors = .allocate(capacity: capacity)
    }

    @inlinable @inline(__always)
    mutating func append(_ word: UInt64, _ predecessor: UInt32) {
        if count == capacity { growStorage() }
        words[count] = word
        predecessors[count] = predecessor
        count &+= 1
    }

    /// Out of line: the buffers keep their size from round to round.
    @usableFromInline @inline(never)
    mutating func growStorage() { doubleColumns(&words, &predecessors, count: count, capacity: &capacity) }

    @inlinable func free() {
        words.deallocate()
        predecessors.deallocate()
    }
}

/// One worker's scratch: the state being expanded, the successor being built, and a batch of
/// successors whose table slots are prefetched before they are inserted.
///
/// The explorer is bound by cache misses in the table; generating a batch, prefetching every
/// slot, then inserting lets those misses overlap instead of queueing one after another.
@usableFromInline
struct WorkerScratch {
    @usableFromInline static let batchSize = 32
    @usableFromInline let source: UnsafeMutablePointer<UInt64>
    @usableFromInline let successor: UnsafeMutablePointer<UInt64>
    @usableFromInline let batch: UnsafeMutablePointer<UInt64>
    @usableFromInline let hashes: UnsafeMutablePointer<UInt64>
    @usableFromInline let predecessors: UnsafeMutablePointer<UInt64>
    /// A copy of a state being canonicalised under symmetry reduction.
    @usableFromInline let symmetryScratch: UnsafeMutablePointer<UInt64>
    /// The successors this worker's current task routed last, one per slot of a small
    /// direct-mapped cache indexed by the low bits of the hash, each as `word << 1 | 1` (0:
    /// empty; a state routed has a bit free above it); emptied by each task's ``Router``. See
    /// ``Router/route(_:predecessor:)``.
    /// 1,024 slots: 4,096 caught no more time than they cost.
    @usableFromInline let recent: UnsafeMutablePointer<UInt64>
    @usableFromInline static let recentMask: UInt64 = 1023
    @usableFromInline var ids: IDAllocator

    @inlinable init(wordCount: Int, idBlock: UInt64) {
        source = Self.allocateLines(wordCount)
        successor = Self.allocateLines(wordCount)
        batch = Self.allocateLines(wordCount * Self.batchSize)
        hashes = Self.allocateLines(Self.batchSize)
        predecessors = Self.allocateLines(Self.batchSize)
        symmetryScratch = Self.allocateLines(wordCount)
        recent = Self.allocateLines(Int(Self.recentMask) + 1)
        recent.initialize(repeating: 0, count: Int(Self.recentMask) + 1)
        ids = IDAllocator(block: idBlock)
    }

    /// `count` words in whole 128-byte blocks of their own: these buffers are written for every
    /// state or successor, and a small allocation of one worker's placed next to another's
    /// would share a cache line with it.
    @inlinable static func allocateLines(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        UnsafeMutableRawPointer.allocate(byteCount: (count * 8 + 127) / 128 * 128, alignment: 128)
            .bindMemory(to: UInt64.self, capacity: count)
    }

    @inlinable func free() {
        source.deallocate()
        successor.deallocate()
        batch.deallocate()
        hashes.deallocate()
        predecessors.deallocate()
        symmetryScratch.deallocate()
        recent.deallocate()
    }
}

/// Per-worker scratch and per-task outputs, reachable from every worker through plain pointers.
///
/// Each worker's scratch and each task's output sits in a block of its own, 128-byte aligned:
/// both are written for every stored state (the id allocator, the output's count), and two
/// threads writing neighbours in one cache line would hand that line back and forth between
/// their cores all the time (false sharing).
@usableFromInline final class WorkerPool: @unchecked Sendable {
    @usableFromInline let workerCount: Int
    @usableFromInline let maxTasks: Int
    /// The threads that run the round's phases, one per worker.
    @usableFromInline let team: WorkerTeam
    /// Segments of the table (1: the table is shared, no routing).
    @usableFromInline let segments: Int
    /// Where each task of the current round starts in the queue, and where the last ends
    /// (``cutTasks(_:)``).
    @usableFromInline let taskStarts: UnsafeMutablePointer<Int>
    /// Next task to hand out in the current round (atomic).
    @usableFromInline let nextTask: UnsafeMutablePointer<UInt64>
    /// 0 until a worker takes the round's merge of the previous round's new states (atomic;
    /// see ``RoundContext/pendingMerge``).
    @usableFromInline let mergeClaim: UnsafeMutablePointer<UInt64>
    @usableFromInline let workerBlocks: UnsafeMutableRawPointer
    @usableFromInline let outputBlocks: UnsafeMutableRawPointer
    /// With segments: per task a row of one ``RoutedSuccessors`` per segment, then per segment
    /// the output of storing them.
    @usableFromInline let routeBlocks: UnsafeMutableRawPointer?
    @usableFromInline let segmentOutputBlocks: UnsafeMutableRawPointer?

    /// Bytes between neighbours: the type's stride rounded up to whole 128-byte blocks (two
    /// cache lines, which the adjacent-line prefetcher fetches together).
    @inlinable static func blockSize<T>(_: T.Type) -> Int { (MemoryLayout<T>.stride + 127) / 128 * 128 }

    @inlinable init(workerCount: Int, maxTasks: Int, wordCount: Int, idBlock: UInt64, segments: Int = 1) {
        self.workerCount = workerCount
        self.maxTasks = maxTasks
        team = WorkerTeam(threads: workerCount)
        self.segments = segments
        if segments > 1 {
            let routes = UnsafeMutableRawPointer.allocate(
                byteCount: maxTasks * segments * Self.blockSize(RoutedSuccessors.self), alignment: 128)
            for r in 0..<(maxTasks * segments) {
                (routes + r * Self.blockSize(RoutedSuccessors.self)).initializeMemory(
                    as: RoutedSuccessors.self, to: RoutedSuccessors(capacity: 1024))
            }
            let outputs = UnsafeMutableRawPointer.allocate(
                byteCount: segments * Self.blockSize(TaskOutput.self), alignment: 128)
            for s in 0..<segments {
                (outputs + s * Self.blockSize(TaskOutput.self)).initializeMemory(
                    as: TaskOutput.self, to: TaskOutput(capacity: 1024))
            }
            routeBlocks = routes
            segmentOutputBlocks = outputs
        } else {
            routeBlocks = nil
            segmentOutputBlocks = nil
        }
        workerBlocks = .allocate(byteCount: workerCount * Self.blockSize(WorkerScratch.self), alignment: 128)
        outputBlocks = .allocate(byteCount: maxTasks * Self.blockSize(TaskOutput.self), alignment: 128)
        for w in 0..<workerCount {
            (workerBlocks + w * Self.blockSize(WorkerScratch.self)).initializeMemory(
                as: WorkerScratch.self, to: WorkerScratch(wordCount: wordCount, idBlock: idBlock))
        }
        for t in 0..<maxTasks {
            (outputBlocks + t * Self.blockSize(TaskOutput.self)).initializeMemory(
                as: TaskOutput.self, to: TaskOutput(capacity: 1024))
        }
        taskStarts = .allocate(capacity: maxTasks + 1)
        taskStarts.initialize(repeating: 0, count: maxTasks + 1)
        nextTask = .allocate(capacity: 1)
        nextTask.initialize(to: 0)
        mergeClaim = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 128).bindMemory(to: UInt64.self, capacity: 1)
        mergeClaim.initialize(to: 0)
    }

    /// Cuts the queue positions `range` into tasks (contiguous, in order) in ``taskStarts`` and
    /// returns how many. One worker takes the whole range. With several, each task takes a
    /// share of what is left (a `2 × workers`-th, and at least ``minimumTask`` states), so tasks
    /// shrink towards the round's end: workers take them as they come free, and the last ones
    /// finish within a small task of each other instead of one waiting for the other through a
    /// round's worth of equal tasks.
    @inlinable func cutTasks(_ range: Range<Int>) -> Int {
        var start = range.lowerBound
        var count = 0
        while start < range.upperBound {
            taskStarts[count] = start
            count += 1
            let left = range.upperBound - start
            start += count == maxTasks || workerCount == 1 ? left : min(left, max(Self.minimumTask, left / (2 * workerCount)))
        }
        taskStarts[count] = range.upperBound
        return count
    }

    /// The smallest task ``cutTasks(_:)`` cuts, unless the round is smaller.
    @inlinable static var minimumTask: Int { 256 }

    /// Worker `w`'s scratch.
    @inline(__always)
    @inlinable func worker(_ w: Int) -> UnsafeMutablePointer<WorkerScratch> {
        (workerBlocks + w &* Self.blockSize(WorkerScratch.self)).assumingMemoryBound(to: WorkerScratch.self)
    }

    /// Task `t`'s output.
    @inline(__always)
    @inlinable func output(_ t: Int) -> UnsafeMutablePointer<TaskOutput> {
        (outputBlocks + t &* Self.blockSize(TaskOutput.self)).assumingMemoryBound(to: TaskOutput.self)
    }

    /// Bytes from one segment's ``RoutedSuccessors`` to the next in a task's row.
    @inlinable static var routeStride: Int { blockSize(RoutedSuccessors.self) }

    /// Task `t`'s successors for segment `s` (with segments only).
    @inline(__always)
    @inlinable func routes(task t: Int, segment s: Int) -> UnsafeMutablePointer<RoutedSuccessors> {
        (routeBlocks.unsafelyUnwrapped + (t &* segments &+ s) &* Self.blockSize(RoutedSuccessors.self))
            .assumingMemoryBound(to: RoutedSuccessors.self)
    }

    /// What storing segment `s`'s successors produced (with segments only).
    @inline(__always)
    @inlinable func segmentOutput(_ s: Int) -> UnsafeMutablePointer<TaskOutput> {
        (segmentOutputBlocks.unsafelyUnwrapped + s &* Self.blockSize(TaskOutput.self))
            .assumingMemoryBound(to: TaskOutput.self)
    }

    deinit {
        for w in 0..<workerCount {
            worker(w).pointee.free()
            worker(w).deinitialize(count: 1)
        }
        for t in 0..<maxTasks {
            output(t).pointee.free()
            output(t).deinitialize(count: 1)
        }
        if let routeBlocks, let segmentOutputBlocks {
            for t in 0..<maxTasks {
                for s in 0..<segments {
                    routes(task: t, segment: s).pointee.free()
                    routes(task: t, segment: s).deinitialize(count: 1)
                }
            }
            for s in 0..<segments {
                segmentOutput(s).pointee.free()
                segmentOutput(s).deinitialize(count: 1)
            }
            routeBlocks.deallocate()
            segmentOutputBlocks.deallocate()
        }
        workerBlocks.deallocate()
        outputBlocks.deallocate()
        taskStarts.deallocate()
        nextTask.deallocate()
        mergeClaim.deallocate()
    }
}
