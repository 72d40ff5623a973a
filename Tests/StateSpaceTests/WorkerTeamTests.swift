import CExplorerSupport
import Glibc
@testable import StateSpace
import Testing

/// The threads that run a round's phases (``WorkerTeam``), how a round is cut into tasks
/// (``WorkerPool/cutTasks(_:)``) and the arena pages faulted in ahead of a round
/// (``TableView/prefault(ids:)``).
@Suite struct WorkerTeamTests {
    /// Counters on lines of their own, bumped atomically by the workers.
    final class Counters: @unchecked Sendable {
        let words: UnsafeMutablePointer<UInt64>
        let count: Int
        init(_ count: Int) {
            self.count = count
            words = .allocate(capacity: count * 16)
            words.initialize(repeating: 0, count: count * 16)
        }
        func bump(_ k: Int) { _ = cc_fetch_add(words + k * 16, 1) }
        subscript(_ k: Int) -> UInt64 { cc_load_acquire(words + k * 16) }
        deinit { words.deallocate() }
    }

    @Test("every worker runs each job exactly once, and the job is over when perform returns",
          arguments: [1, 2, 3, 5])
    func performRunsEveryWorkerOnce(threads: Int) {
        let team = WorkerTeam(threads: threads)
        let calls = Counters(threads)
        for job in 1...2000 {
            team.perform { worker in calls.bump(worker) }
            for w in 0..<threads where calls[w] != UInt64(job) {
                Issue.record("worker \(w) ran \(calls[w]) times after \(job) jobs on \(threads) threads")
                return
            }
        }
    }

    @Test("forEach hands out every item exactly once", arguments: [1, 2, 4])
    func forEachCoversEveryItem(threads: Int) {
        let team = WorkerTeam(threads: threads)
        let items = Counters(1000)
        for _ in 0..<3 { team.forEach(1000) { items.bump($0) } }
        #expect((0..<1000).allSatisfy { items[$0] == 3 })
    }

    @Test("a round is cut into tasks that shrink towards its end")
    func tasksShrink() {
        let pool = WorkerPool(workerCount: 2, maxTasks: 34, wordCount: 1, idBlock: 1)
        let count = pool.cutTasks(1000..<(1000 + 131_072))
        let sizes = (0..<count).map { pool.taskStarts[$0 + 1] - pool.taskStarts[$0] }
        // Each takes a quarter of what is left (two workers), down to 256 states.
        #expect(count == 21)
        #expect(pool.taskStarts[0] == 1000)
        #expect(pool.taskStarts[count] == 1000 + 131_072)
        #expect(Array(sizes.prefix(4)) == [32768, 24576, 18432, 13824])
        #expect(Array(sizes.suffix(4)) == [256, 256, 256, 219])
        #expect(sizes.reduce(0, +) == 131_072)
    }

    @Test("the last task takes the rest when the round would need more tasks than there are; one worker takes one")
    func tasksAreCapped() {
        let pool = WorkerPool(workerCount: 2, maxTasks: 3, wordCount: 1, idBlock: 1)
        let count = pool.cutTasks(0..<100_000)
        #expect(count == 3)
        #expect((0...3).map { pool.taskStarts[$0] } == [0, 25_000, 43_750, 100_000])
        #expect(pool.cutTasks(0..<100) == 1)
        #expect(pool.taskStarts[1] == 100)
        let single = WorkerPool(workerCount: 1, maxTasks: 1, wordCount: 1, idBlock: 1)
        #expect(single.cutTasks(5..<1_000_000) == 1)
        #expect(single.taskStarts[1] == 1_000_000)
    }

    @Test("faulting pages in ahead of a round makes every page of the arena and the parents in the range resident, leaves the stored states as they were and the ids ahead zero")
    func prefaultKeepsStates() throws {
        let store = try #require(StateStore(wordCount: 2, arenaCapacity: 100_000, initialTableLog2: 10))
        var ids = IDAllocator(block: 1)
        for k in 0..<1000 {
            var state: [UInt64] = [UInt64(k) &* 0x9E37_79B9_7F4A_7C15 | 1, UInt64(k)]
            let hash = hashState(&state, count: 2)
            guard case .inserted = store.view.insert(&state, hash: hash, predecessor: UInt64(k) << Encoding.ruleBits, concurrent: false, ids: &ids) else {
                Issue.record("state \(k) was not inserted")
                return
            }
        }
        store.view.prefault(ids: 1000..<60_000)
        // Every page the ids use is backed now.
        func pagesSpanned(_ p: UnsafeRawPointer, _ bytes: Int) -> Int {
            let page = sysconf(Int32(_SC_PAGESIZE))
            return (Int(bitPattern: p) + bytes + page - 1) / page - Int(bitPattern: p) / page
        }
        let arena = UnsafeRawPointer(store.view.entry(1000))
        let parents = UnsafeRawPointer(store.view.parents + 1000)
        #expect(cc_resident_pages(arena, 59_000 * 16) == pagesSpanned(arena, 59_000 * 16))
        #expect(cc_resident_pages(parents, 59_000 * 4) == pagesSpanned(parents, 59_000 * 4))
        store.view.prefault(ids: 90_000..<200_000)  // past the arena's end: clamped
        for k in 0..<1000 {
            #expect(store.view.entry(k)[0] == UInt64(k) &* 0x9E37_79B9_7F4A_7C15 | 1 && store.view.entry(k)[1] == UInt64(k))
            #expect(store.view.parents[k] == UInt32(k))
        }
        #expect((1000..<100_000).allSatisfy { store.view.entry($0)[0] == 0 && store.view.entry($0)[1] == 0 })
        #expect((1000..<100_000).allSatisfy { store.view.parents[$0] == 0 })
    }
}
