import StateSpace

/// Where every variable of the German protocol lives in the packed state.
///
/// Undefined is encoded as 0 in every field that can be undefined (data fields and `curPtr`),
/// so a client number `i` (0-based in code) is stored as `i + 1` and a data value `d` as `d`.
/// A client's fields sit together in one ``ClientFields`` value so that a rule touches one
/// array element, not one array per variable.
struct GermanFields: Sendable {
    struct ClientFields: Sendable {
        let cacheState: Field
        let cacheData: Field
        let chan1Cmd: Field
        let chan1Data: Field
        let chan2Cmd: Field
        let chan2Data: Field
        let chan3Cmd: Field
        let chan3Data: Field
        let invSet: Field
        let shrSet: Field
    }

    let client: [ClientFields]
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
        client = (0..<n).map { i in
            let c = "client\(i + 1)"
            return ClientFields(
                cacheState: b.add("cache[\(i + 1)].state", values: 3, names: ["I", "S", "E"], owner: c),
                cacheData: dataField("cache[\(i + 1)].data", owner: c),
                chan1Cmd: b.add("chan1[\(i + 1)].cmd", values: 3, names: ["Empty", "ReqS", "ReqE"], owner: c),
                chan1Data: dataField("chan1[\(i + 1)].data", owner: c),
                chan2Cmd: b.add("chan2[\(i + 1)].cmd", values: 4, names: ["Empty", "Inv", "GntS", "GntE"], owner: c),
                chan2Data: dataField("chan2[\(i + 1)].data", owner: c),
                chan3Cmd: b.add("chan3[\(i + 1)].cmd", values: 2, names: ["Empty", "InvAck"], owner: c),
                chan3Data: dataField("chan3[\(i + 1)].data", owner: c),
                invSet: b.addFlag("invSet[\(i + 1)]", owner: "home"),
                shrSet: b.addFlag("shrSet[\(i + 1)]", owner: "home"))
        }
        exGntd = b.addFlag("exGntd", owner: "home")
        curCmd = b.add("curCmd", values: 3, names: ["Empty", "ReqS", "ReqE"], owner: "home")
        curPtr = b.add("curPtr", values: n + 1, names: ["undefined"] + (1...n).map(String.init), owner: "home")
        memData = dataField("memData", owner: "home")
        auxData = dataField("auxData", owner: "")
    }
}
