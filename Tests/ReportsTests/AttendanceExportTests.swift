import CSV
import Foundation
import Testing
@testable import MusterCore
@testable import Reports

@Suite struct AttendanceExportTests {
    /// A course, two sessions and learners whose names test a CSV writer.
    func given() throws -> (database: AppDatabase, clock: MusterClock) {
        let database = try AppDatabase.inMemory()
        let clock = try MusterClock.fixed(local: "2026-11-23 10:00")
        let catalogue = Catalogue(database: database, clock: clock, actor: .localOperator)
        try catalogue.add(Course(id: "hate-crime", title: "Hate Crime, \"online\"", area: .community, format: .virtual,
                                 durationMinutes: 180, cpdHours: 3, capacity: 2, minAttendees: 1))
        let schedule = Schedule(database: database, clock: clock, actor: .localOperator)
        let local = clock.local
        for date in ["2027-01-12", "2027-02-09"] {
            _ = try schedule.add(Schedule.NewSession(courseID: "hate-crime", date: try local.parseDate(date), time: try local.parseTime("09:30")))
        }
        let people = People(database: database, clock: clock, actor: .localOperator)
        _ = try people.addAgency(id: "police", name: "West Midlands Police")
        _ = try people.addAgency(id: "health", name: "Health")
        for (id, name, agency) in [("P1", "O'Brien, Sean", "police"), ("P2", "=HYPERLINK(\"http://x\")", "police"),
                                   ("P3", "Mary \"Molly\"\nJones", "health"), ("P4", "+44 Ann", "health")] {
            var details = People.Details()
            details.name = name; details.email = "\(id.lowercased())@example.org"; details.agency = agency; details.jobRole = "-Nurse"
            _ = try people.add(id, details)
        }
        let bookings = Bookings(database: database, clock: clock, actor: .localOperator)
        for learner in ["P1", "P2", "P3"] { _ = try bookings.book("s101", for: learner) }  // P3 waits
        _ = try bookings.book("s102", for: "P4")
        _ = try bookings.unbook("s102", for: "P4")
        let later = try MusterClock.fixed(local: "2027-01-12 13:00")
        let register = Register(database: database, clock: later, actor: .localOperator)
        try register.mark("s101", learners: ["P1"], as: .attended)
        try register.mark("s101", learners: ["P2"], as: .partial, minutes: 90)
        return (database, later)
    }

    func export(_ format: AttendanceExport.Format, _ filter: AttendanceFilter = AttendanceFilter()) throws -> (String, chunks: Int) {
        let (database, clock) = try given()
        var text = "", chunks = 0
        try AttendanceExport.write(format, from: database, matching: filter, clock: clock) { text += $0; chunks += 1 }
        return (text, chunks)
    }

    @Test func theCSVReadsBackFieldByFieldWithARealParser() throws {
        let (text, _) = try export(.csv)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        #expect(reader.headerRow == AttendanceExport.columns)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(rows == [
            ["s101", "hate-crime", "Hate Crime, \"online\"", "2027-01-12", "P1", "O'Brien, Sean", "p1@example.org",
             "West Midlands Police", "'-Nurse", "attended", "3"],
            ["s101", "hate-crime", "Hate Crime, \"online\"", "2027-01-12", "P2", "'=HYPERLINK(\"http://x\")", "p2@example.org",
             "West Midlands Police", "'-Nurse", "partial", "1.5"],
            ["s101", "hate-crime", "Hate Crime, \"online\"", "2027-01-12", "P3", "Mary \"Molly\"\nJones", "p3@example.org",
             "Health", "'-Nurse", "waitlisted", "0"],
            ["s102", "hate-crime", "Hate Crime, \"online\"", "2027-02-09", "P4", "'+44 Ann", "p4@example.org",
             "Health", "'-Nurse", "cancelled", "0"],
        ])
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func theJSONHoldsTheSameRowsUnneutralised() throws {
        let (text, _) = try export(.json)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows[1]["name"] as? String == "=HYPERLINK(\"http://x\")")
        #expect(rows[1]["cpd_hours"] as? Double == 1.5)
        #expect(Set(rows[0].keys) == Set(AttendanceExport.columns))
    }

    @Test func filtersNarrowTheRows() throws {
        var filter = AttendanceFilter()
        filter.agency = "health"
        #expect(try export(.csv, filter).0.split(separator: "\r\n").count == 3) // header, P3, P4
        filter = AttendanceFilter()
        filter.sessionID = "s102"
        #expect(try export(.csv, filter).0.split(separator: "\r\n").count == 2)
        filter = AttendanceFilter()
        filter.from = LocalDate(year: 2027, month: 2, day: 1)
        #expect(try export(.csv, filter).0.contains("s101") == false)
    }

    @Test func anEmptyExportIsStillAValidDocument() throws {
        var filter = AttendanceFilter()
        filter.from = LocalDate(year: 2030, month: 1, day: 1)
        #expect(try export(.csv, filter).0 == AttendanceExport.columns.joined(separator: ",") + "\r\n")
        let json = try export(.json, filter).0
        #expect((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.isEmpty == true)
    }

    @Test func aLargeExportIsWrittenInPiecesAsRowsArrive() throws {
        let database = try AppDatabase.inMemory()
        let clock = try MusterClock.fixed(local: "2026-11-23 10:00")
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO agency VALUES ('a', 'Agency');
                INSERT INTO course (id, title, area, format, duration_minutes, cpd_hours, capacity, min_attendees)
                  VALUES ('c', 'Course', 'adults', 'virtual', 60, 1, 5000, 0);
                INSERT INTO session (id, course_id, starts_at, ends_at, capacity, min_attendees, status, created_at)
                  VALUES ('s1', 'c', '2027-01-01 10:00:00.000', '2027-01-01 11:00:00.000', 5000, 0, 'scheduled', '2026-01-01 00:00:00.000');
                """)
            for number in 1...3000 {
                try db.execute(sql: "INSERT INTO learner (id, name, email, agency_id, created_at) VALUES (?, ?, ?, 'a', '2026-01-01')",
                               arguments: ["L\(number)", "Learner \(number)", "l\(number)@example.org"])
                try db.execute(sql: """
                    INSERT INTO booking (session_id, learner_id, status, booked_at, updated_at)
                    VALUES ('s1', ?, 'confirmed', '2026-01-01', '2026-01-01')
                    """, arguments: ["L\(number)"])
            }
        }
        var chunks = 0, largest = 0, rows = 0
        rows = try AttendanceExport.write(.csv, from: database, matching: AttendanceFilter(), clock: clock) {
            chunks += 1; largest = max(largest, $0.utf8.count)
        }
        #expect(rows == 3000)
        #expect(chunks >= 3)
        #expect(largest < 70_000)
    }
}
