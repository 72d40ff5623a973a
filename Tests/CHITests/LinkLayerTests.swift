import CHI
import Testing

/// Evaluates a mutating call outside `#expect`, which cannot call mutating members itself.
func did<T>(_ value: T) -> T { value }

@Suite struct LinkActivationTests {
    @Test("STOP → ACTIVATE → RUN → DEACTIVATE → STOP, each step only from its state")
    func fullCycle() {
        var link = LinkActivation()
        #expect(link.state == .stop && !link.state.req && !link.state.ack)
        #expect(!did(link.raiseAcknowledge()))
        #expect(!did(link.dropRequest()))
        #expect(did(link.raiseRequest()))
        #expect(link.state == .activate && link.state.req && !link.state.ack)
        #expect(!did(link.raiseRequest()))
        #expect(did(link.raiseAcknowledge()))
        #expect(link.state == .run)
        #expect(!did(link.dropAcknowledge(creditsHome: true)))
        #expect(did(link.dropRequest()))
        #expect(link.state == .deactivate && !link.state.req && link.state.ack)
        #expect(!did(link.dropAcknowledge(creditsHome: false)))
        #expect(link.state == .deactivate)
        #expect(did(link.dropAcknowledge(creditsHome: true)))
        #expect(link.state == .stop)
    }

    @Test("the two wires encode the four states", arguments: LinkActiveState.allCases)
    func wires(state: LinkActiveState) {
        #expect(LinkActiveState(req: state.req, ack: state.ack) == state)
    }

    @Test("one direction deactivates while the other activates: the two handshakes are independent")
    func crossing() {
        var toHome = LinkActivation(.run)
        var toRequesters = LinkActivation(.stop)
        #expect(did(toHome.dropRequest()))
        #expect(did(toRequesters.raiseRequest()))
        #expect(did(toRequesters.raiseAcknowledge()))
        #expect(did(toHome.dropAcknowledge(creditsHome: true)))
        #expect(toHome.state == .stop && toRequesters.state == .run)
    }
}

@Suite struct ChannelCreditTests {
    @Test("after reset every credit is at the receiver; none can be granted or used before RUN")
    func resetAndActivate() {
        var c = ChannelCredits(capacity: 3)
        #expect(c.isHome && c.isConserved)
        #expect(c.grant(in: .stop) == .notRunning)
        #expect(c.grant(in: .activate) == .notRunning)
        #expect(c.send(in: .run) == .flitWithoutCredit)
        #expect(c.grant(in: .run) == nil)
        #expect(c.send(in: .activate) == .notRunning)
        #expect(c == ChannelCredits(capacity: 3, txCredits: 1, inFlight: 0, rxCredits: 2))
    }

    @Test("a credit goes round: grant, flit, consume, and conservation holds at every step")
    func creditLoop() {
        var c = ChannelCredits(capacity: 2)
        #expect(c.grant(in: .run) == nil)
        #expect(c.grant(in: .run) == nil)
        #expect(c.grant(in: .run) == .noCreditToGrant)
        #expect(c.send(in: .run) == nil)
        #expect(c.send(in: .run) == nil)
        #expect(c.send(in: .run) == .flitWithoutCredit)
        #expect(c == ChannelCredits(capacity: 2, txCredits: 0, inFlight: 2, rxCredits: 0))
        #expect(c.consume(in: .run) == nil)
        #expect(c.isConserved && c.rxCredits == 1)
    }

    @Test("deactivation: held credits go home as link flits; only then is everything home")
    func deactivation() {
        var c = ChannelCredits(capacity: 2, txCredits: 2, inFlight: 0, rxCredits: 0)
        #expect(c.returnCredit(in: .run) == .notRunning)
        #expect(c.returnCredit(in: .deactivate) == nil)
        #expect(c.returnCredit(in: .deactivate) == nil)
        #expect(c.returnCredit(in: .deactivate) == .flitWithoutCredit)
        #expect(c.txCredits == 0 && !c.isHome)
        #expect(c.consume(in: .deactivate) == nil)
        #expect(c.consume(in: .deactivate) == nil)
        #expect(c.isHome)
    }

    @Test("a link flit arriving in STOP is lost with its credit")
    func lostInStop() {
        var c = ChannelCredits(capacity: 1, txCredits: 0, inFlight: 1, rxCredits: 0)
        #expect(c.consume(in: .stop) == .flitInStop)
        #expect(!c.isConserved)
    }
}
