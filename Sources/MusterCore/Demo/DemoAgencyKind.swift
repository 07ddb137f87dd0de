/// The kinds of partner agency a safeguarding partnership has, with the job roles each
/// employs (titles from `Courses/requirements.yaml`'s role groups, so requirements and the
/// KPI table apply to the generated staff) and how large one usually is. A partnership is a
/// few large statutory bodies and many small schools, practices, care providers and
/// charities: the sizes are deliberately uneven.
enum DemoAgencyKind: CaseIterable {
    case council, police, acuteTrust, communityTrust, mentalHealthTrust, fire, probation, housing
    case school, gpPractice, careProvider, charity

    /// The statutory partners, one each, named for the partnership's area.
    static let statutory: [DemoAgencyKind] = [.council, .police, .acuteTrust, .communityTrust, .fire,
                                              .mentalHealthTrust, .probation, .housing]
    /// The many small partners, in the order they are added after the statutory ones.
    static let local: [DemoAgencyKind] = [.school, .gpPractice, .careProvider, .school, .charity, .careProvider,
                                          .gpPractice, .school, .charity]

    /// Relative headcount of one agency of this kind.
    var weight: Double {
        switch self {
        case .council: 14
        case .police: 10
        case .acuteTrust: 14
        case .communityTrust: 7
        case .mentalHealthTrust: 5
        case .fire: 3
        case .probation: 1.5
        case .housing: 1.5
        case .school: 0.8
        case .gpPractice: 0.4
        case .careProvider: 0.7
        case .charity: 0.3
        }
    }

    /// Where in the list of places this kind's names start, so the third school and the
    /// third practice are not in the same village.
    var placeOffset: Int { DemoAgencyKind.allCases.firstIndex(of: self)! * 5 }

    func name(area: String, place: String) -> String {
        switch self {
        case .council: "\(area) Council"
        case .police: "\(area) Police"
        case .acuteTrust: "\(area) Hospitals NHS Foundation Trust"
        case .communityTrust: "\(area) Community Health NHS Trust"
        case .mentalHealthTrust: "\(area) Mental Health NHS Trust"
        case .fire: "\(area) Fire and Rescue Service"
        case .probation: "\(area) Probation Service"
        case .housing: "\(area) Homes"
        case .school: "\(place) Primary School"
        case .gpPractice: "\(place) Medical Practice"
        case .careProvider: "\(place) Care"
        case .charity: "\(place) Family Support"
        }
    }

    /// Job roles, the commoner first: earlier titles are drawn more often.
    var roles: [String] {
        switch self {
        case .council:
            ["Social Worker", "Family Support Worker", "Adult Social Worker", "Early Help Practitioner", "Senior Social Worker",
             "Occupational Therapist", "Team Manager", "Youth Worker", "Community Safety Officer", "Customer Services Adviser",
             "Independent Reviewing Officer", "Safeguarding Adults Practitioner", "Local Authority Designated Officer"]
        case .police:
            ["Police Constable", "Detective Constable", "PCSO", "Police Sergeant", "Contact Handler", "Detective Sergeant",
             "Police Staff Investigator", "Police Inspector"]
        case .acuteTrust:
            ["Staff Nurse", "Healthcare Assistant", "Registered Nurse", "Midwife", "Paediatric Nurse", "Consultant",
             "Physiotherapist", "Ward Manager", "Paediatrician", "Named Nurse"]
        case .communityTrust:
            ["District Nurse", "Health Visitor", "Community Nurse", "School Nurse", "Healthcare Support Worker",
             "Family Nurse", "Speech and Language Therapist"]
        case .mentalHealthTrust:
            ["Mental Health Nurse", "Mental Health Support Worker", "Community Psychiatric Nurse", "CAMHS Practitioner",
             "Approved Mental Health Professional", "Consultant Psychiatrist"]
        case .fire:
            ["Firefighter", "Crew Commander", "Watch Commander", "Safe and Well Officer", "Fire Safety Officer"]
        case .probation:
            ["Probation Officer", "Probation Services Officer", "Drug and Alcohol Worker"]
        case .housing:
            ["Housing Officer", "Tenancy Support Officer", "Anti-Social Behaviour Officer", "Homelessness Officer"]
        case .school:
            ["Teacher", "Teaching Assistant", "Lunchtime Supervisor", "Pastoral Lead", "SENCO", "Designated Safeguarding Lead",
             "Head Teacher"]
        case .gpPractice:
            ["Receptionist", "GP", "Practice Nurse", "Salaried GP", "Practice Manager", "Advanced Nurse Practitioner"]
        case .careProvider:
            ["Care Worker", "Support Worker", "Senior Care Worker", "Team Leader", "Deputy Manager", "Registered Manager"]
        case .charity:
            ["Project Worker", "Volunteer", "Outreach Worker", "Family Worker", "Independent Domestic Violence Adviser",
             "Volunteer Coordinator"]
        }
    }
}
