import CExplorerSupport

extension Search {
    /// The states and rule firings a breadth-first search has when it reaches the deadlocked
    /// state at queue position `deadlock`: every state before it in the queue, and the
    /// successors of those (the first in the queue to have found each). That is where one
    /// thread expanding the queue in order stops, and it does not depend on how the level
    /// was cut into rounds or tasks, nor on the table's size: the round went on past
    /// `deadlock`, and what it found there is left out.
    ///
    /// The queue from `levelEnd` on is in the order of the parents' positions, so the states
    /// counted end where the first parent at or past `deadlock` begins; the rule firings are
    /// those before the round plus those of the states the round expanded before `deadlock`,
    /// counted again here through the model's successor loop, as the round counted them.
    @inlinable func reachedCounts(
        atDeadlock deadlock: Int, roundStart: Int, levelEnd: Int, firedBefore: Int
    ) -> (states: Int, rulesFired: Int) {
        var low = levelEnd
        var high = store.queueCount
        while low < high {
            let middle = (low + high) / 2
            if parentPosition(ofQueuePosition: middle) < deadlock { low = middle + 1 } else { high = middle }
        }
        var counter = FiringCounter()
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: wordCount) { successor in
            for q in roundStart..<deadlock {
                let state = store.entry(Int(store.queue[q]))
                copyWords(successor.baseAddress!, from: state, count: wordCount)
                model.forEachSuccessor(
                    of: PackedState(words: state), into: PackedState(words: successor.baseAddress!), sink: &counter)
            }
        }
        return (low, firedBefore + counter.fired)
    }

    /// The queue position of the parent of the state at queue position `position` (not an
    /// initial state).
    @inlinable func parentPosition(ofQueuePosition position: Int) -> Int {
        guard let predecessorFile = store.predecessorFile else { return store.parent(ofQueuePosition: position) ?? -1 }
        do { return Int(try predecessorFile.predecessor(at: position) >> Encoding.ruleBits) } catch {
            // The file was written moments ago; failing to read it back is not recoverable.
            preconditionFailure("\(error)")
        }
    }
}

/// Counts the rules a model fires (see ``Search/reachedCounts(atDeadlock:roundStart:levelEnd:firedBefore:)``).
@usableFromInline struct FiringCounter: SuccessorSink {
    @usableFromInline var fired: Int = 0
    @inlinable mutating func emit(_ rule: Int) { fired += 1 }
    @inlinable mutating func emit(
        oneWordSuccessors words: UnsafePointer<UInt64>, rules: UnsafePointer<Int>, count: Int, successor: PackedState
    ) { fired += count }

    @inlinable
    init(fired: Int = 0) {
        self.fired = fired
    }
}
