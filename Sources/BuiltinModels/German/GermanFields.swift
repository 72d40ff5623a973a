import StateSpace

/// Where every variable of the German protocol lives in the packed state.
///
/// Undefined is encoded as 0 in every field that can be undefined (data fields and `curPtr`),
/// so a client number `i` (0-based in code) is stored as `i + 1` and a data value `d` as `d`.
struct GermanFields: Sendable {
    let cacheState: [Field]
    let cacheData: [Field]
    let chan1Cmd: [Field]
    let chan1Data: [Field]
    let chan2Cmd: [Field]
    let chan2Data: [Field]
    let chan3Cmd: [Field]
    let chan3Data: [Field]
    let invSet: [Field]
    let shrSet: [Field]
    let exGntd: Field
    let curCmd: Field
    let curPtr: Field
    let memData: Field
    let auxData: Field

    init(clients n: Int, dataValues: Int?, builder b: inout StateLayoutBuilder) {
        let data = dataValues ?? 0
        let dataNames = ["undefined"] + (0..<data).map { String($0 + 1) }
        func dataField(_ name: String, owner: String) -> Field {
            // In the data-free variant data fields take no bits (one value), keeping layouts lean.
            data == 0 ? Field.absent : b.add(name, values: data + 1, names: dataNames, owner: owner)
        }
        var cacheState: [Field] = []
        var cacheData: [Field] = []
        var chan1Cmd: [Field] = []
        var chan1Data: [Field] = []
        var chan2Cmd: [Field] = []
        var chan2Data: [Field] = []
        var chan3Cmd: [Field] = []
        var chan3Data: [Field] = []
        var invSet: [Field] = []
        var shrSet: [Field] = []
        for i in 0..<n {
            let c = "client\(i + 1)"
            cacheState.append(b.add("cache[\(i + 1)].state", values: 3, names: ["I", "S", "E"], owner: c))
            cacheData.append(dataField("cache[\(i + 1)].data", owner: c))
            chan1Cmd.append(b.add("chan1[\(i + 1)].cmd", values: 3, names: ["Empty", "ReqS", "ReqE"], owner: c))
            chan1Data.append(dataField("chan1[\(i + 1)].data", owner: c))
            chan2Cmd.append(b.add("chan2[\(i + 1)].cmd", values: 4, names: ["Empty", "Inv", "GntS", "GntE"], owner: c))
            chan2Data.append(dataField("chan2[\(i + 1)].data", owner: c))
            chan3Cmd.append(b.add("chan3[\(i + 1)].cmd", values: 2, names: ["Empty", "InvAck"], owner: c))
            chan3Data.append(dataField("chan3[\(i + 1)].data", owner: c))
            invSet.append(b.addFlag("invSet[\(i + 1)]", owner: "home"))
            shrSet.append(b.addFlag("shrSet[\(i + 1)]", owner: "home"))
        }
        self.cacheState = cacheState
        self.cacheData = cacheData
        self.chan1Cmd = chan1Cmd
        self.chan1Data = chan1Data
        self.chan2Cmd = chan2Cmd
        self.chan2Data = chan2Data
        self.chan3Cmd = chan3Cmd
        self.chan3Data = chan3Data
        self.invSet = invSet
        self.shrSet = shrSet
        exGntd = b.addFlag("exGntd", owner: "home")
        curCmd = b.add("curCmd", values: 3, names: ["Empty", "ReqS", "ReqE"], owner: "home")
        curPtr = b.add("curPtr", values: n + 1, names: ["undefined"] + (1...n).map(String.init), owner: "home")
        memData = dataField("memData", owner: "home")
        auxData = dataField("auxData", owner: "")
    }
}
