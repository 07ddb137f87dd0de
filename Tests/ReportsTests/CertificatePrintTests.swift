import Foundation
import Testing
@testable import MusterCore
@testable import Reports

/// A certificate printed by a real browser: one landscape A4 page with the learner, the
/// course and the code anyone can verify.
@Suite struct CertificatePrintTests {
    @Test(.enabled(if: Browser.available))
    func aCertificatePrintsOnOneLandscapeA4PageWithItsCode() throws {
        let local = LocalTime(zone: MusterClock.defaultZone)
        let start = try local.parseDateTime("2027-03-02 09:30")
        let certificate = Certificates.Certificate(
            code: "MSTR-7K4Q-2PZX", learnerID: "P1", learnerName: "Siobhán O'Brien", courseID: "domestic-abuse", courseTitle: "Domestic Abuse & Coercive Control",
            sessionID: "s102", startsAt: start, endsAt: start.addingTimeInterval(3 * 3600), cpdHours: 3, trainerName: "Jo Smith",
            issuedAt: start.addingTimeInterval(86_400), partnership: "Northshire Safeguarding Partnership")
        let printed = try Browser.print(CertificatePage.render(certificate, local: local))
        #expect(printed.pages == 1)
        #expect(abs(printed.size.width - 842) < 2 && abs(printed.size.height - 595) < 2)
        let text = printed.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for expected in ["Certificate of attendance", "Siobhán O'Brien", "Domestic Abuse & Coercive Control", "2027-03-02 09:30–12:30",
                         "CPD hours 3", "MSTR-7K4Q-2PZX", "NORTHSHIRE SAFEGUARDING PARTNERSHIP"] {
            #expect(text.contains(expected), "\(expected)")
        }
    }
}
