import Foundation

/// A two-die UCIe integration written to a temporary folder: two components (`host` master,
/// `dev` slave) with one `d2d0` interface each, a design connecting them and a design
/// configuration. Every setting the tests vary is a parameter, so each test reads as the
/// descriptor a user would write.
struct UCIeLinkFixture {
    /// Interface parameters of the master end, name → value expression.
    var master: [(String, String)] = []
    /// Interface parameters of the slave end.
    var slave: [(String, String)] = []
    /// `cv:vc` entries of each end: index → classes.
    var masterMap: [(Int, String)] = []
    var slaveMap: [(Int, String)] = []
    /// `cv:workload` attributes and configuration parameters.
    var workload = "maxOutstandingPerAgent=\"1\""
    var configurationParameters: [(String, String, String)] = []

    /// Writes the files; returns the folder to remove afterwards and the design configuration's path.
    func write() throws -> (folder: URL, configuration: String) {
        // The files sit one folder down: descriptors are looked for in the folder above the entry's.
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-ucie-\(UUID().uuidString)")
        let folder = top.appendingPathComponent("link")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try component("host", mode: "master", parameters: master, map: masterMap)
            .write(to: folder.appendingPathComponent("host.xml"), atomically: true, encoding: .utf8)
        try component("dev", mode: "slave", parameters: slave, map: slaveMap)
            .write(to: folder.appendingPathComponent("dev.xml"), atomically: true, encoding: .utf8)
        try design.write(to: folder.appendingPathComponent("link.design.xml"), atomically: true, encoding: .utf8)
        let configuration = folder.appendingPathComponent("link.designcfg.xml")
        try designConfiguration.write(to: configuration, atomically: true, encoding: .utf8)
        return (top, configuration.path)
    }

    static let header = """
        <?xml version="1.0" encoding="UTF-8"?>
        """

    func component(_ name: String, mode: String, parameters: [(String, String)], map: [(Int, String)]) -> String {
        let params = parameters.map { p in
            let type = p.1.hasPrefix("\"") ? "string" : "int"
            return """
                        <ipxact:parameter parameterId="d2d0_\(p.0)" type="\(type)">
                          <ipxact:name>\(p.0)</ipxact:name>
                          <ipxact:value>\(p.1)</ipxact:value>
                        </ipxact:parameter>
                """
        }.joined(separator: "\n")
        let vcMap =
            map.isEmpty
            ? ""
            : """

                      <ipxact:vendorExtensions>
                        <cv:vcMap>
                \(map.map { "          <cv:vc index=\"\($0.0)\" classes=\"\($0.1)\"/>" }.joined(separator: "\n"))
                        </cv:vcMap>
                      </ipxact:vendorExtensions>
                """
        return """
            \(Self.header)
            <ipxact:component xmlns:ipxact="http://www.accellera.org/XMLSchema/IPXACT/1685-2014" xmlns:cv="http://chipcheck.example/XMLSchema/cv-ext/1.0">
              <ipxact:vendor>test.example</ipxact:vendor>
              <ipxact:library>dies</ipxact:library>
              <ipxact:name>\(name)</ipxact:name>
              <ipxact:version>1.0</ipxact:version>
              <ipxact:busInterfaces>
                <ipxact:busInterface>
                  <ipxact:name>d2d0</ipxact:name>
                  <ipxact:busType vendor="chipcheck.example" library="ucie" name="d2d" version="1.1"/>
                  <ipxact:\(mode)/>
                  <ipxact:parameters>
            \(params)
                  </ipxact:parameters>\(vcMap)
                </ipxact:busInterface>
              </ipxact:busInterfaces>
            </ipxact:component>

            """
    }

    var design: String {
        """
        \(Self.header)
        <ipxact:design xmlns:ipxact="http://www.accellera.org/XMLSchema/IPXACT/1685-2014">
          <ipxact:vendor>test.example</ipxact:vendor>
          <ipxact:library>designs</ipxact:library>
          <ipxact:name>link.design</ipxact:name>
          <ipxact:version>1.0</ipxact:version>
          <ipxact:componentInstances>
            <ipxact:componentInstance>
              <ipxact:instanceName>host0</ipxact:instanceName>
              <ipxact:componentRef vendor="test.example" library="dies" name="host" version="1.0"/>
            </ipxact:componentInstance>
            <ipxact:componentInstance>
              <ipxact:instanceName>dev0</ipxact:instanceName>
              <ipxact:componentRef vendor="test.example" library="dies" name="dev" version="1.0"/>
            </ipxact:componentInstance>
          </ipxact:componentInstances>
          <ipxact:interconnections>
            <ipxact:interconnection>
              <ipxact:name>link</ipxact:name>
              <ipxact:activeInterface componentRef="host0" busRef="d2d0"/>
              <ipxact:activeInterface componentRef="dev0" busRef="d2d0"/>
            </ipxact:interconnection>
          </ipxact:interconnections>
        </ipxact:design>

        """
    }

    var designConfiguration: String {
        let params =
            configurationParameters.isEmpty
            ? ""
            : "\n  <ipxact:parameters>\n"
                + configurationParameters.map { name, type, value in
                    """
                        <ipxact:parameter parameterId="\(name)" resolve="user" type="\(type)">
                          <ipxact:name>\(name)</ipxact:name>
                          <ipxact:value>\(value)</ipxact:value>
                        </ipxact:parameter>
                    """
                }.joined(separator: "\n") + "\n  </ipxact:parameters>"
        return """
            \(Self.header)
            <ipxact:designConfiguration xmlns:ipxact="http://www.accellera.org/XMLSchema/IPXACT/1685-2014" xmlns:cv="http://chipcheck.example/XMLSchema/cv-ext/1.0">
              <ipxact:vendor>test.example</ipxact:vendor>
              <ipxact:library>designs</ipxact:library>
              <ipxact:name>link.designcfg</ipxact:name>
              <ipxact:version>1.0</ipxact:version>
              <ipxact:designRef vendor="test.example" library="designs" name="link.design" version="1.0"/>\(params)
              <ipxact:vendorExtensions>
                <cv:verification>
                  <cv:check property="deadlockFreedom"/>\(workload.isEmpty ? "" : "\n        <cv:workload \(workload)/>")
                </cv:verification>
              </ipxact:vendorExtensions>
            </ipxact:designConfiguration>

            """
    }
}
