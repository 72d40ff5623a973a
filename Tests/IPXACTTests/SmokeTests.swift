import IPXACT
import Testing

@Test func smokeLoadExample() throws {
    let loader = DescriptorLoader(searchPaths: [Paths.examples + "/1685-2014"])
    let result = loader.load(path: Paths.examples + "/1685-2014/designs/cpu_xpu_pkg.designcfg.1.0.xml")
    switch result {
    case .success(let design):
        print(design.describe())
        print(design.warnings.map(\.description).joined(separator: "\n"))
    case .failure(let list):
        print(list.description)
        Issue.record("failed")
    }
}
