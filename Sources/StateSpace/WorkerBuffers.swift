import CExplorerSupport

/// What one task (a contiguous slice of a level's frontier) produced: the states it stored or
/// whose link it lowered, in discovery order, and what it noticed.
@usableFromInline
struct TaskOutput {
    @usableFromInline var ids: UnsafeMutablePointer<UInt32>
    @usableFromInline var links: UnsafeMutablePointer<UInt64>
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

    init(capacity: Int) {
        self.capacity = capacity
        ids = .allocate(capacity: capacity)
        links = .allocate(capacity: capacity)
    }

    mutating func reset() {
        count = 0
        deadlock = -1
        sawViolation = false
        full = false
        rulesFired = 0
        inserted = 0
    }

    @inlinable @inline(__always)
    mutating func append(_ id: Int, _ link: UInt64) {
        if count == capacity { growStorage() }
        ids[count] = UInt32(truncatingIfNeeded: id)
        links[count] = link
        count &+= 1
    }

    /// Out of line: runs a handful of times per exploration, never per state in steady state.
    @usableFromInline @inline(never)
    mutating func growStorage() {
        let newCapacity = capacity * 2
        let newIDs = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        let newLinks = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        newIDs.moveInitialize(from: ids, count: count)
        newLinks.moveInitialize(from: links, count: count)
        ids.deallocate()
        links.deallocate()
        ids = newIDs
        links = newLinks
        capacity = newCapacity
    }

    func free() {
        ids.deallocate()
        links.deallocate()
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
    @usableFromInline let links: UnsafeMutablePointer<UInt64>
    /// A copy of a state being canonicalised under symmetry reduction.
    @usableFromInline let symmetryScratch: UnsafeMutablePointer<UInt64>
    @usableFromInline var ids: IDAllocator

    init(wordCount: Int, idBlock: UInt64) {
        source = .allocate(capacity: wordCount)
        successor = .allocate(capacity: wordCount)
        batch = .allocate(capacity: wordCount * Self.batchSize)
        hashes = .allocate(capacity: Self.batchSize)
        links = .allocate(capacity: Self.batchSize)
        symmetryScratch = .allocate(capacity: wordCount)
        ids = IDAllocator(block: idBlock)
    }

    func free() {
        source.deallocate()
        successor.deallocate()
        batch.deallocate()
        hashes.deallocate()
        links.deallocate()
        symmetryScratch.deallocate()
    }
}

/// Per-worker scratch and per-task outputs, reachable from every worker through plain pointers.
final class WorkerPool: @unchecked Sendable {
    let workers: UnsafeMutablePointer<WorkerScratch>
    let workerCount: Int
    let outputs: UnsafeMutablePointer<TaskOutput>
    let maxTasks: Int
    /// Next task to hand out in the current round (atomic).
    let nextTask: UnsafeMutablePointer<UInt64>

    init(workerCount: Int, maxTasks: Int, wordCount: Int, idBlock: UInt64) {
        self.workerCount = workerCount
        self.maxTasks = maxTasks
        workers = .allocate(capacity: workerCount)
        for w in 0..<workerCount { (workers + w).initialize(to: WorkerScratch(wordCount: wordCount, idBlock: idBlock)) }
        outputs = .allocate(capacity: maxTasks)
        for t in 0..<maxTasks { (outputs + t).initialize(to: TaskOutput(capacity: 1024)) }
        nextTask = .allocate(capacity: 1)
        nextTask.initialize(to: 0)
    }

    deinit {
        for w in 0..<workerCount { workers[w].free() }
        for t in 0..<maxTasks { outputs[t].free() }
        workers.deinitialize(count: workerCount).deallocate()
        outputs.deinitialize(count: maxTasks).deallocate()
        nextTask.deallocate()
    }
}
