import Foundation

/// The partnership's requirements as it writes them in `Courses/requirements.yaml`: its
/// job-role groups and one entry per KPI, keyed by the KPI code so re-importing updates.
struct RequirementFile {
    var groups: [String: [String]] = [:]
    var requirements: [(place: String, requirement: Requirement)] = []

    static let names = ["requirements.yaml", "requirements.yml"]

    static func read(_ url: URL, problems: inout [String]) -> RequirementFile? {
        guard var fields = YAMLFields.file(url, problems: &problems) else { return nil }
        let place = fields.place
        var file = RequirementFile()
        let groups = fields.namedLists("role_groups") ?? []
        let entries = fields.required("requirements") { f, k in f.sequence(k) } ?? []
        problems += fields.finish()
        for (name, members) in groups {
            if !Course.isValidID(name) {
                problems.append("\(place): role group '\(name)' needs a name of lowercase letters, digits and hyphens")
            } else if members.contains(where: \.isEmpty) {
                problems.append("\(place): role group '\(name)' has an empty job role")
            } else {
                file.groups[name] = members.map { $0.lowercased() }
            }
        }
        var seen: Set<String> = []
        for (index, node) in entries.enumerated() {
            let label = (node.mapping?["kpi"]?.string).map { "KPI \($0)" } ?? "requirement \(index + 1)"
            guard var entry = YAMLFields(node, place: "\(place) \(label)", problems: &problems) else { continue }
            let kpi = entry.requiredString("kpi"), title = entry.requiredString("title")
            let courses = entry.required("courses") { f, k in f.strings(k) }, roles = entry.required("roles") { f, k in f.strings(k) }
            let agency = entry.string("agency")
            let within = entry.int("within_months"), renew = entry.int("renew_months"), target = entry.int("target")
            let found = entry.finish()
            problems += found
            guard found.isEmpty, let kpi, let title, let courses, let roles else { continue }
            if !seen.insert(kpi).inserted { problems.append("\(entry.place): KPI \(kpi) appears twice") }
            let requirement = Requirement(kpi: kpi, title: title, courseIDs: courses, roles: roles, agencyID: agency,
                                          withinMonths: within, renewMonths: renew, targetPercent: target)
            problems += requirement.problems().map { "\(entry.place): \($0)" }
            file.requirements.append((entry.place, requirement))
        }
        return file
    }
}
