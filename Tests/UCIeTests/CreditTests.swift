import Testing
import UCIe

@Test func creditCounterStaysWithinZeroAndLimit() {
    var credits = CreditCounter(limit: 2)
    #expect(credits.value == 2)
    #expect(credits.consume() == nil)
    #expect(credits.consume() == nil)
    #expect(credits.value == 0 && !credits.canConsume())
    #expect(credits.consume() == .underflow(requested: 1, available: 0))
    #expect(credits.value == 0)
    #expect(credits.restore(2) == nil)
    #expect(credits.restore() == .overflow(returned: 1, available: 2, limit: 2))
    #expect(credits.value == 2)
    #expect(credits.consume(3) == .underflow(requested: 3, available: 2))
    #expect(credits.value == 2)
}

@Test func creditCounterCanStartEmpty() {
    var credits = CreditCounter(limit: 15, initial: 0)
    #expect(credits.restore(15) == nil)
    #expect(credits.value == 15)
    #expect(credits.restore(1) == .overflow(returned: 1, available: 15, limit: 15))
}

@Test func channelsThatMustAlwaysDrain() {
    let draining = ChannelClass.allCases.filter(\.mustAlwaysDrain)
    #expect(draining == [
        .d2hResponse, .d2hData, .h2dRequest, .h2dResponse, .h2dData,
        .m2sBackInvalidateResponse, .s2mNoDataResponse, .s2mDataResponse, .s2mBackInvalidateSnoop,
    ])
    #expect(ChannelClass.allCases.filter { !$0.mustAlwaysDrain } == [.d2hRequest, .m2sRequest, .m2sRequestWithData])
}

@Test func channelVocabulary() {
    #expect(ChannelClass.allCases.count == 12)
    #expect(ChannelClass.allCases.filter { $0.cxlProtocol == .cache }.count == 6)
    #expect(ChannelClass.allCases.filter { $0.direction == .deviceToHost }
        == [.d2hRequest, .d2hResponse, .d2hData, .s2mNoDataResponse, .s2mDataResponse, .s2mBackInvalidateSnoop])
    #expect(ChannelClass.allCases.filter { $0.crediting == .preallocated }
        == [.d2hResponse, .d2hData, .h2dResponse, .h2dData, .m2sBackInvalidateResponse, .s2mNoDataResponse, .s2mDataResponse])
    #expect(ChannelClass.allCases.filter(\.carriesData) == [.d2hData, .h2dData, .m2sRequestWithData, .s2mDataResponse])
    #expect(ChannelClass.h2dRequest.drainClass == .snoop)
    #expect(ChannelClass.s2mBackInvalidateSnoop.drainClass == .snoop)
}

@Test func waitForRulesBetweenVirtualChannels() {
    let request = VirtualChannel.cxl(.d2hRequest)
    let snoop = VirtualChannel.cxl(.h2dRequest)
    let response = VirtualChannel.cxl(.s2mDataResponse)
    let streamingRequest = VirtualChannel.streaming(index: 0, drainClass: .request)
    let streamingResponse = VirtualChannel.streaming(index: 1, drainClass: .response)
    #expect(VirtualChannel.mayWait(request, on: snoop))
    #expect(VirtualChannel.mayWait(snoop, on: response))
    #expect(!VirtualChannel.mayWait(snoop, on: request))
    #expect(!VirtualChannel.mayWait(response, on: request))
    #expect(!VirtualChannel.mayWait(response, on: response))
    #expect(VirtualChannel.mayWait(streamingRequest, on: streamingResponse))
    #expect(!VirtualChannel.mayWait(streamingResponse, on: streamingRequest))
    #expect(streamingResponse.mustAlwaysDrain && !streamingRequest.mustAlwaysDrain)
}
